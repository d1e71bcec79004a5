package dev.belay.launcher.resilience;

import dev.belay.client.Endpoint;
import dev.belay.client.OrchestratorException;
import java.time.Duration;

/**
 * What {@link ResilientOrchestratorClient} reports, for counters ({@link ResilienceMetrics}) or
 * anything else the launcher wants to feed. Called on the calling thread; implementations must be
 * thread-safe and fast. Failures are passed as they are: their messages hold no secret.
 */
public interface ResilienceEventSink {

    /** An attempt is about to be sent ({@code attempt} 1 is the first). */
    default void onAttempt(Endpoint endpoint, int attempt) {
    }

    /** Attempt {@code attempt} failed and another follows after {@code wait}. */
    default void onRetry(Endpoint endpoint, int attempt, OrchestratorException failure, Duration wait) {
    }

    /** The call returned normally after {@code attempts} attempts. */
    default void onSuccess(Endpoint endpoint, int attempts) {
    }

    /** The call ended with {@code failure}, thrown to the caller unchanged, after {@code attempts} attempts. */
    default void onFailure(Endpoint endpoint, int attempts, OrchestratorException failure) {
    }

    /** A heartbeat attempt took its rate-limiter permit after waiting {@code waited} (zero: no wait). */
    default void onPermit(Endpoint endpoint, Duration waited) {
    }

    ResilienceEventSink NONE = new ResilienceEventSink() {
    };
}
