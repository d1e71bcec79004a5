package dev.belay.launcher.resilience;

import static dev.belay.launcher.resilience.FailureKind.NOT_SENT;
import static dev.belay.launcher.resilience.FailureKind.NO_REPLY;
import static dev.belay.launcher.resilience.FailureKind.REQUEST_TIMEOUT;
import static dev.belay.launcher.resilience.FailureKind.SERVER_ERROR;
import static dev.belay.launcher.resilience.FailureKind.TOO_MANY_REQUESTS;

import dev.belay.client.Endpoint;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Everything {@link ResilientOrchestratorClient} needs to know: the heartbeat interval, the retry
 * table (one {@link EndpointPolicy} per endpoint) and the backoff. Immutable; start from
 * {@link #defaults()} or {@link #defaults(Duration)} and adjust with the {@code with…} methods.
 * There is deliberately no {@code withHeartbeatInterval}: the heartbeat budget is sized in
 * intervals, so a new interval means {@link #defaults(Duration)} (a longer interval with the old
 * budget would silently stop heartbeat retries, since each retry waits a whole interval).
 *
 * <p>The constructor refuses a table that would repeat a non-idempotent call after a failure that
 * may have reached the server: that is a correctness rule of the protocol, not a tuning choice.
 *
 * @param heartbeatInterval no two heartbeat attempts start closer than this (default 10 s)
 * @param heartbeat         retry policy of {@code heartbeat}
 * @param consumeNextJob    retry policy of {@code consumeNextJob}
 * @param updateJob         retry policy of {@code job/update}
 * @param backoff           the wait between attempts (all endpoints)
 */
public record ResilienceConfig(Duration heartbeatInterval, EndpointPolicy heartbeat, EndpointPolicy consumeNextJob,
                               EndpointPolicy updateJob, Backoff backoff) {

    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(10);

    /** What idempotent calls retry on: the failures that say "try again later". */
    public static final Set<FailureKind> TRANSIENT = Set.copyOf(
            EnumSet.of(NOT_SENT, NO_REPLY, SERVER_ERROR, TOO_MANY_REQUESTS, REQUEST_TIMEOUT));

    /** What a non-idempotent call retries on: only a request that certainly never arrived. */
    public static final Set<FailureKind> NEVER_ARRIVED = Set.of(NOT_SENT);

    public ResilienceConfig {
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeatInterval must be positive");
        }
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(consumeNextJob, "consumeNextJob");
        Objects.requireNonNull(updateJob, "updateJob");
        Objects.requireNonNull(backoff, "backoff");
        requireSafe(Endpoint.HEARTBEAT, heartbeat);
        requireSafe(Endpoint.CONSUME_NEXT_JOB, consumeNextJob);
        requireSafe(Endpoint.UPDATE_JOB, updateJob);
    }

    /** The defaults with a 10 s heartbeat interval. */
    public static ResilienceConfig defaults() {
        return defaults(DEFAULT_HEARTBEAT_INTERVAL);
    }

    /**
     * The defaults for a given heartbeat interval (the CLI's {@code --heartbeat-interval}):
     * <ul>
     *   <li>heartbeat: 3 attempts within 3 intervals, on {@link #TRANSIENT} failures. Every attempt
     *       waits for the interval, so 3 attempts span at least 2 intervals: a dead orchestrator is
     *       given up on after about 3 intervals (plus the client's timeouts), no more than the core
     *       would have waited for its next regular heartbeat or two;</li>
     *   <li>consumeNextJob: 3 attempts within 15 s, on {@link #NEVER_ARRIVED} only;</li>
     *   <li>job/update: 5 attempts within 30 s, on {@link #TRANSIENT} failures (the backoff alone,
     *       0.5 + 1 + 2 + 4 s before jitter, leaves room for slow replies and a Retry-After);</li>
     *   <li>backoff {@link Backoff#DEFAULT}: 0.5 s doubling up to 8 s, equal jitter, Retry-After honoured up to 20 s.</li>
     * </ul>
     */
    public static ResilienceConfig defaults(Duration heartbeatInterval) {
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        return new ResilienceConfig(heartbeatInterval,
                new EndpointPolicy(3, heartbeatInterval.multipliedBy(3), TRANSIENT),
                new EndpointPolicy(3, Duration.ofSeconds(15), NEVER_ARRIVED),
                new EndpointPolicy(5, Duration.ofSeconds(30), TRANSIENT),
                Backoff.DEFAULT);
    }

    /** The row of the retry table for {@code endpoint}. */
    public EndpointPolicy policy(Endpoint endpoint) {
        return switch (endpoint) {
            case HEARTBEAT -> heartbeat;
            case CONSUME_NEXT_JOB -> consumeNextJob;
            case UPDATE_JOB -> updateJob;
        };
    }

    public ResilienceConfig withPolicy(Endpoint endpoint, EndpointPolicy policy) {
        return new ResilienceConfig(heartbeatInterval,
                endpoint == Endpoint.HEARTBEAT ? policy : heartbeat,
                endpoint == Endpoint.CONSUME_NEXT_JOB ? policy : consumeNextJob,
                endpoint == Endpoint.UPDATE_JOB ? policy : updateJob,
                backoff);
    }

    public ResilienceConfig withBackoff(Backoff newBackoff) {
        return new ResilienceConfig(heartbeatInterval, heartbeat, consumeNextJob, updateJob, newBackoff);
    }

    private static void requireSafe(Endpoint endpoint, EndpointPolicy policy) {
        if (endpoint.idempotent()) {
            return;
        }
        for (FailureKind kind : policy.retryOn()) {
            if (kind.mayHaveReachedServer()) {
                throw new IllegalArgumentException(endpoint + " is not idempotent: it must not be retried on " + kind
                        + ", a request that may have reached the server (it could take a second job)");
            }
        }
    }
}
