package dev.belay.launcher.resilience;

/**
 * How a backoff delay is randomised, so that robots that failed together do not retry together
 * (see the AWS Architecture Blog, "Exponential Backoff And Jitter").
 */
public enum Jitter {
    /** The exponential delay itself. Only for tests and single robots. */
    NONE,
    /** Uniform in {@code [0, delay]}: spreads best, but a retry may follow at once. */
    FULL,
    /** Uniform in {@code [delay/2, delay]}: keeps half the delay as a floor, so waits still grow. */
    EQUAL;

    /**
     * @param delayNanos the exponential delay
     * @param random     a value in {@code [0, 1)}
     */
    long apply(long delayNanos, double random) {
        return switch (this) {
            case NONE -> delayNanos;
            case FULL -> (long) (delayNanos * random);
            case EQUAL -> delayNanos / 2 + (long) ((delayNanos - delayNanos / 2) * random);
        };
    }
}
