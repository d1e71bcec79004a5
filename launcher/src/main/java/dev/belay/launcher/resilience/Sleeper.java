package dev.belay.launcher.resilience;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits. Every wait of {@link ResilientOrchestratorClient} goes through one of these, so that tests
 * replace it with one that records the wait and moves a fake clock instead of sleeping.
 */
@FunctionalInterface
public interface Sleeper {

    /** Returns after {@code duration} (or at once if it is zero or negative). */
    void sleep(Duration duration) throws InterruptedException;

    /** Sleeps the calling thread. */
    static Sleeper system() {
        return duration -> {
            if (!duration.isNegative() && !duration.isZero()) {
                TimeUnit.NANOSECONDS.sleep(duration.toNanos());
            }
        };
    }
}
