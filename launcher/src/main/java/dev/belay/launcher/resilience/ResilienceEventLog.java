package dev.belay.launcher.resilience;

import dev.belay.client.OrchestratorException;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Resilience4j's retry and rate-limiter events to the log at DEBUG, under the logger
 * {@value #LOGGER}. Lines name the endpoint, the attempt and the failure's kind and message; the
 * client's exception messages never hold the robot GUID or the Authorization header, and no
 * request body is ever logged here.
 *
 * <p>Retry events carry no wait: Resilience4j's own sleep is not used (see
 * {@link ResilientOrchestratorClient}); the client logs its real waits itself.
 */
final class ResilienceEventLog {

    static final String LOGGER = "dev.belay.launcher.resilience";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private ResilienceEventLog() {
    }

    static Logger logger() {
        return log;
    }

    static void attach(Retry retry) {
        retry.getEventPublisher()
                .onRetry(e -> log.debug("{}: attempt {} failed, retryable: {}", e.getName(),
                        e.getNumberOfRetryAttempts(), describe(e.getLastThrowable())))
                .onError(e -> log.debug("{}: giving up after {} attempts: {}", e.getName(),
                        e.getNumberOfRetryAttempts(), describe(e.getLastThrowable())))
                .onIgnoredError(e -> log.debug("{}: not retried: {}", e.getName(), describe(e.getLastThrowable())))
                .onSuccess(e -> log.debug("{}: succeeded after {} retries", e.getName(), e.getNumberOfRetryAttempts()));
    }

    /**
     * Only when DEBUG is on for {@value #LOGGER} when the client is made (the agent's levels are set
     * once, at start): with a consumer attached, the rate limiter makes an event object for every
     * heartbeat whether or not the line is written, a few percent of an interpreted heartbeat's CPU.
     */
    static void attach(RateLimiter rateLimiter) {
        if (!log.isDebugEnabled()) {
            return;
        }
        rateLimiter.getEventPublisher()
                .onSuccess(e -> log.debug("{}: permit granted", e.getRateLimiterName()))
                .onFailure(e -> log.debug("{}: permit refused", e.getRateLimiterName()));
    }

    /** A duration as whole milliseconds, easier to read in a log line than ISO-8601. */
    static String ms(Duration duration) {
        return duration.toMillis() + " ms";
    }

    /** Kind, type and message: enough to diagnose, nothing secret (see {@link OrchestratorException}). */
    static String describe(Throwable failure) {
        if (failure instanceof OrchestratorException known) {
            return FailureKind.of(known) + " " + known.getMessage();
        }
        return failure == null ? "-" : failure.getClass().getSimpleName();
    }
}
