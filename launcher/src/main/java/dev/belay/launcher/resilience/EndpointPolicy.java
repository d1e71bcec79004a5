package dev.belay.launcher.resilience;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One row of the retry table: which failures are retried for an endpoint, and how far.
 *
 * @param maxAttempts the most attempts one call makes, the first included (1 = never retry)
 * @param budget      the most time from the call's start to the start of its last attempt; a retry
 *                    that could not start within it is not made and the last failure propagates
 * @param retryOn     the failure kinds that are retried; everything else propagates at once
 */
public record EndpointPolicy(int maxAttempts, Duration budget, Set<FailureKind> retryOn) {

    public EndpointPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        Objects.requireNonNull(budget, "budget");
        if (budget.isNegative()) {
            throw new IllegalArgumentException("budget must not be negative");
        }
        Objects.requireNonNull(retryOn, "retryOn");
        retryOn = retryOn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(retryOn));
    }

    /** True if a failure of this kind may be followed by another attempt (attempts and budget permitting). */
    public boolean retries(FailureKind kind) {
        return retryOn.contains(kind);
    }

    public EndpointPolicy withMaxAttempts(int newMaxAttempts) {
        return new EndpointPolicy(newMaxAttempts, budget, retryOn);
    }

    public EndpointPolicy withBudget(Duration newBudget) {
        return new EndpointPolicy(maxAttempts, newBudget, retryOn);
    }
}
