package dev.belay.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How the robot retries delivering a final status that is in its outbox. These retries are on top of
 * whatever retries the {@code OrchestratorClient} given to the robot does itself (the launcher's
 * Resilience4j decoration): this layer is about outages longer than one call's retries.
 *
 * @param initialDelay delay before the second attempt
 * @param multiplier   each further delay is the previous one times this (≥ 1)
 * @param maxDelay     cap on a single delay
 * @param maxTotal     give up (the run ends {@link EndReason#STATUS_UNDELIVERED}) once this much time has
 *                     passed since the first attempt; the status stays on disk for the next run
 */
public record RetryBackoff(Duration initialDelay, double multiplier, Duration maxDelay, Duration maxTotal) {

    /** 1 s, doubling, at most 30 s apart, for at most 5 minutes. */
    public static final RetryBackoff DEFAULT =
            new RetryBackoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), Duration.ofMinutes(5));

    public RetryBackoff {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(maxTotal, "maxTotal");
        if (initialDelay.isNegative() || maxDelay.isNegative() || maxTotal.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("multiplier must be >= 1, not " + multiplier);
        }
    }

    /** The delay after the {@code attempt}-th failed attempt (1-based). */
    public Duration delayAfter(int attempt) {
        double millis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        long capped = (long) Math.min(millis, (double) maxDelay.toMillis());
        return Duration.ofMillis(capped);
    }
}
