package dev.belay.launcher.resilience;

import dev.belay.client.ConsumeReply;
import dev.belay.client.Endpoint;
import dev.belay.client.Heartbeat;
import dev.belay.client.HeartbeatReply;
import dev.belay.client.JobStatus;
import dev.belay.client.OrchestratorClient;
import dev.belay.client.OrchestratorException;
import dev.belay.client.RobotStatus;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * An {@link OrchestratorClient} that retries and paces another one, by the retry table below.
 *
 * <table>
 *   <caption>Retry table (defaults of {@link ResilienceConfig#defaults()}); see {@code launcher/RESILIENCE.md}</caption>
 *   <tr><th>failure</th><th>heartbeat</th><th>consumeNextJob</th><th>job/update</th></tr>
 *   <tr><td>NotSent (never reached the server)</td><td>retry</td><td>retry</td><td>retry</td></tr>
 *   <tr><td>NoReply (reset, EOF, read timeout)</td><td>retry</td><td><b>never</b></td><td>retry</td></tr>
 *   <tr><td>HTTP 5xx, 429, 408</td><td>retry</td><td><b>never</b></td><td>retry</td></tr>
 *   <tr><td>other HTTP status</td><td>never</td><td>never</td><td>never</td></tr>
 *   <tr><td>UnreadableReply (a 2xx with a bad body)</td><td>never</td><td>never</td><td>never</td></tr>
 *   <tr><td>attempts / time budget</td><td>3 / 3 intervals</td><td>3 / 15 s</td><td>5 / 30 s</td></tr>
 * </table>
 *
 * <p>Why: consumeNextJob is not idempotent. A request that may have reached the server may already
 * have assigned a job to this robot; sending it again could take a second one while the first is
 * never run. So it is repeated only when it certainly never arrived; otherwise the failure goes to
 * the core, which heartbeats again and lets the orchestrator's {@code HasNewJob} tell it what is
 * still waiting. A 4xx other than 408/429 says the request itself is wrong and will stay wrong. An
 * UnreadableReply is a 2xx: the server accepted the request, and the same request will get the same
 * reply; for a heartbeat the core's next regular heartbeat (which could not come sooner than a
 * retry, given the minimum gap) is the retry.
 *
 * <p>Waits: exponential backoff with jitter ({@link Backoff}), never shorter than a
 * {@code Retry-After} the server sent (capped by {@link Backoff#maxRetryAfter()}). A retry that
 * could not start within the endpoint's time budget is not made. When a call gives up, for whatever
 * reason, the last failure is thrown <em>unchanged</em>: the core decides what it means.
 *
 * <p>Heartbeats: every attempt, retries included, takes a permit of a Resilience4j rate limiter of
 * one per interval and respects a minimum gap from the previous attempt's start (see
 * {@link HeartbeatPacer} for why both, and why they do not add up).
 *
 * <p>Resilience4j's {@link Retry} decides whether an attempt is followed by another (the table's
 * failure kinds and attempt counts) and publishes the events that go to the log. Its own wait is set
 * to zero and this class waits through the injected {@link Sleeper} instead, because Resilience4j
 * sleeps through one JVM-wide static function ({@code RetryImpl.setSleepFunction}) that could be
 * replaced in tests only by sharing global state, and because the per-call time budget needs the
 * call's start, which a shared {@code Retry}'s interval function does not see. The loop below is
 * the one {@code Retry.decorateSupplier} runs, with the pacing inside it so that Retry wraps the
 * rate limiter.
 *
 * <p>Thread-safe: calls may come from several threads at once (heartbeats from the core's loop, an
 * update retried from another). Only heartbeats are paced, under the pacer's lock; nothing else is
 * shared between calls but thread-safe Resilience4j objects and the event sink.
 *
 * <p>Interruption: a caller interrupted while waiting gets the last failure (or a {@code NotSent} if
 * nothing was sent yet) at once, with its interrupt flag set; it is never retried.
 */
public final class ResilientOrchestratorClient implements OrchestratorClient {

    private static final Logger log = ResilienceEventLog.logger();

    private final OrchestratorClient delegate;
    private final ResilienceConfig config;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final ResilienceEventSink events;
    private final Map<Endpoint, Retry> retries = new EnumMap<>(Endpoint.class);
    private final HeartbeatPacer pacer;

    /**
     * The production wiring: {@link System#nanoTime()}, a sleeping {@link Sleeper}, thread-local randomness.
     *
     * @param events usually a {@link ResilienceMetrics} the launcher keeps to read the counters
     */
    public static ResilientOrchestratorClient decorate(OrchestratorClient delegate, ResilienceConfig config,
                                                       ResilienceEventSink events) {
        return new ResilientOrchestratorClient(delegate, config, System::nanoTime, Sleeper.system(),
                () -> ThreadLocalRandom.current().nextDouble(), events);
    }

    /**
     * @param delegate the client that makes the requests (one request per call, no retries of its own)
     * @param config   interval, retry table and backoff
     * @param nanoTime a monotonic clock in nanoseconds, like {@link System#nanoTime()}
     * @param sleeper  every wait goes through it
     * @param random   values in {@code [0, 1)} for the jitter
     * @param events   attempts, retries, failures and permit waits are reported to it
     */
    public ResilientOrchestratorClient(OrchestratorClient delegate, ResilienceConfig config, LongSupplier nanoTime,
                                       Sleeper sleeper, DoubleSupplier random, ResilienceEventSink events) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.config = Objects.requireNonNull(config, "config");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
        this.events = Objects.requireNonNull(events, "events");
        for (Endpoint endpoint : Endpoint.values()) {
            Retry retry = Retry.of(retryName(endpoint), retryConfig(config.policy(endpoint)));
            ResilienceEventLog.attach(retry);
            retries.put(endpoint, retry);
        }
        this.pacer = new HeartbeatPacer(retryName(Endpoint.HEARTBEAT), config.heartbeatInterval(), nanoTime, sleeper,
                events);
        ResilienceEventLog.attach(pacer.rateLimiter());
    }

    @Override
    public HeartbeatReply heartbeat(Heartbeat heartbeat) {
        return call(Endpoint.HEARTBEAT, () -> delegate.heartbeat(heartbeat));
    }

    @Override
    public ConsumeReply consumeNextJob(RobotStatus status) {
        return call(Endpoint.CONSUME_NEXT_JOB, () -> delegate.consumeNextJob(status));
    }

    @Override
    public void updateJob(String jobGuid, JobStatus status) {
        call(Endpoint.UPDATE_JOB, () -> {
            delegate.updateJob(jobGuid, status);
            return null;
        });
    }

    public ResilienceConfig config() {
        return config;
    }

    private <T> T call(Endpoint endpoint, Supplier<T> request) {
        Retry.Context<T> retryContext = retries.get(endpoint).context();
        long callStart = nanoTime.getAsLong();
        OrchestratorException last = null;
        for (int attempt = 1; ; attempt++) {
            Supplier<T> counted = counted(endpoint, attempt, request);
            T result;
            try {
                result = endpoint == Endpoint.HEARTBEAT ? pacer.paced(counted) : counted.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failed(endpoint, attempt - 1,
                        last != null ? last : new OrchestratorException.NotSent(endpoint, "interrupted before sending", e));
            } catch (HeartbeatPacer.PermitRefusedException e) {
                throw failed(endpoint, attempt - 1,
                        last != null ? last : new OrchestratorException.NotSent(endpoint, e.getMessage(), e));
            } catch (OrchestratorException failure) {
                last = failure;
                Duration wait = retryWaitOrThrow(endpoint, retryContext, attempt, failure, callStart);
                try {
                    if (!wait.isZero()) {
                        sleeper.sleep(wait);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw failed(endpoint, attempt, failure);
                }
                continue;
            }
            retryContext.onComplete();
            events.onSuccess(endpoint, attempt);
            return result;
        }
    }

    /** The wait before the next attempt after {@code failure}, or throws {@code failure} if there is none. */
    private Duration retryWaitOrThrow(Endpoint endpoint, Retry.Context<?> retryContext, int attempt,
                                      OrchestratorException failure, long callStart) {
        try {
            // Resilience4j decides by the table: a retried kind, and attempts left. It rethrows
            // `failure` itself when not (and publishes the event either way).
            retryContext.onRuntimeError(failure);
        } catch (RuntimeException noRetry) {
            throw failed(endpoint, attempt, failure);
        }
        Duration wait = config.backoff().delayBefore(attempt, failure, random.getAsDouble());
        // A heartbeat cannot start before the gap allows it, whatever the backoff says.
        Duration untilNextStart = endpoint == Endpoint.HEARTBEAT ? max(wait, pacer.remainingGap()) : wait;
        Duration budget = config.policy(endpoint).budget();
        long nextStartOffset = nanoTime.getAsLong() - callStart + untilNextStart.toNanos();
        if (nextStartOffset > budget.toNanos()) {
            log.debug("{}: giving up after attempt {}: the next could not start within the {} budget",
                    retryName(endpoint), attempt, ResilienceEventLog.ms(budget));
            throw failed(endpoint, attempt, failure);
        }
        log.debug("{}: attempt {} in {} (backoff with jitter; Retry-After {}){}", retryName(endpoint), attempt + 1,
                ResilienceEventLog.ms(wait), ResilienceEventLog.ms(config.backoff().retryAfter(failure)),
                endpoint == Endpoint.HEARTBEAT ? ", and not before the minimum gap" : "");
        events.onRetry(endpoint, attempt, failure, wait);
        return wait;
    }

    private <T> Supplier<T> counted(Endpoint endpoint, int attempt, Supplier<T> request) {
        return () -> {
            events.onAttempt(endpoint, attempt);
            return request.get();
        };
    }

    private OrchestratorException failed(Endpoint endpoint, int attempts, OrchestratorException failure) {
        events.onFailure(endpoint, attempts, failure);
        return failure;
    }

    private static RetryConfig retryConfig(EndpointPolicy policy) {
        return RetryConfig.custom()
                .maxAttempts(policy.maxAttempts())
                .retryOnException(t -> t instanceof OrchestratorException failure && policy.retries(FailureKind.of(failure)))
                // Zero: this class waits through its Sleeper (see the class comment).
                .intervalBiFunction((attempt, outcome) -> 0L)
                .build();
    }

    private static String retryName(Endpoint endpoint) {
        return switch (endpoint) {
            case HEARTBEAT -> "heartbeat";
            case CONSUME_NEXT_JOB -> "consumeNextJob";
            case UPDATE_JOB -> "updateJob";
        };
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
