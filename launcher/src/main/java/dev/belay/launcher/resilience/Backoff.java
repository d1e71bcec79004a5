package dev.belay.launcher.resilience;

import dev.belay.client.OrchestratorException;
import java.time.Duration;
import java.util.Objects;

/**
 * The wait before a retry: exponential with jitter, and never shorter than a {@code Retry-After}
 * the server sent (up to {@code maxRetryAfter}).
 *
 * @param initial       the exponential delay before the first retry
 * @param multiplier    growth per retry (at least 1)
 * @param max           the exponential delay never grows past this
 * @param jitter        how the exponential delay is randomised
 * @param maxRetryAfter a {@code Retry-After} is honoured up to this; a server asking for longer
 *                      gets this much (and the endpoint's time budget decides whether the retry
 *                      happens at all)
 */
public record Backoff(Duration initial, double multiplier, Duration max, Jitter jitter, Duration maxRetryAfter) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), 2.0, Duration.ofSeconds(8), Jitter.EQUAL,
            Duration.ofSeconds(20));

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(jitter, "jitter");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (initial.isNegative() || max.isNegative() || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("backoff durations must not be negative");
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff " + max + " is shorter than the initial " + initial);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a finite number >= 1, not " + multiplier);
        }
    }

    /** The exponential delay before retry number {@code retry} (1 = the first retry), before jitter. */
    public Duration exponential(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry numbers start at 1");
        }
        double nanos = initial.toNanos() * Math.pow(multiplier, retry - 1);
        long maxNanos = max.toNanos();
        return Duration.ofNanos(nanos >= maxNanos ? maxNanos : (long) nanos);
    }

    /**
     * The wait before retry number {@code retry}, after {@code failure}.
     *
     * @param random a value in {@code [0, 1)} for the jitter
     */
    public Duration delayBefore(int retry, OrchestratorException failure, double random) {
        if (!(random >= 0.0 && random < 1.0)) {
            throw new IllegalArgumentException("random must be in [0, 1), not " + random);
        }
        Duration jittered = Duration.ofNanos(jitter.apply(exponential(retry).toNanos(), random));
        Duration retryAfter = retryAfter(failure);
        return retryAfter.compareTo(jittered) > 0 ? retryAfter : jittered;
    }

    /** The server's {@code Retry-After}, capped at {@link #maxRetryAfter}; zero when there is none. */
    Duration retryAfter(OrchestratorException failure) {
        if (failure instanceof OrchestratorException.HttpError http) {
            Duration asked = http.retryAfter().orElse(Duration.ZERO);
            if (asked.isNegative()) {
                return Duration.ZERO;
            }
            return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
        }
        return Duration.ZERO;
    }
}
