package dev.belay.launcher.resilience;

import static dev.belay.client.Endpoint.CONSUME_NEXT_JOB;
import static dev.belay.client.Endpoint.HEARTBEAT;
import static dev.belay.client.Endpoint.UPDATE_JOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.belay.client.ConsumeReply;
import dev.belay.client.Heartbeat;
import dev.belay.client.JobStatus;
import dev.belay.client.OrchestratorException;
import dev.belay.client.RobotStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retry behaviour beyond the table: what is waited, what is returned, when retrying stops. */
class ResilientOrchestratorClientTest {

    private final FakeClock clock = new FakeClock();
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private final ScriptedClient server = new ScriptedClient(clock);
    private final ResilienceMetrics metrics = new ResilienceMetrics();

    private ResilientOrchestratorClient client(ResilienceConfig config, DoubleSupplier random) {
        return new ResilientOrchestratorClient(server, config, clock::nanoTime, sleeper, random, metrics);
    }

    private ResilientOrchestratorClient client() {
        return client(ResilienceConfig.defaults(), () -> 0.5);
    }

    @AfterEach
    void clearInterruptFlag() {
        Thread.interrupted();
    }

    @Test
    void consumeAfterNoReplyIsSentExactlyOnce() {
        OrchestratorException lost = Failures.noReply(CONSUME_NEXT_JOB);
        server.failThen(lost);

        assertThatThrownBy(() -> client().consumeNextJob(RobotStatus.READY)).isSameAs(lost);

        assertThat(server.attempts(CONSUME_NEXT_JOB)).isEqualTo(1);
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void consumeAfterNotSentIsRetriedAndReturnsTheReply() {
        server.failThen(Failures.notSent(CONSUME_NEXT_JOB));

        ConsumeReply reply = client().consumeNextJob(RobotStatus.READY);

        assertThat(reply).isSameAs(ScriptedClient.NO_JOB);
        assertThat(server.attempts(CONSUME_NEXT_JOB)).isEqualTo(2);
        assertThat(metrics.of(CONSUME_NEXT_JOB)).satisfies(c -> {
            assertThat(c.retries()).isEqualTo(1);
            assertThat(c.successes()).isEqualTo(1);
            assertThat(c.failures()).isZero();
        });
    }

    @Test
    void successAfterRetriesReturnsTheRealReply() {
        server.failThen(Failures.noReply(HEARTBEAT), Failures.http(HEARTBEAT, 502));

        assertThat(client().heartbeat(Heartbeat.ready("PC1", "10.0.0.2", "AA-BB-CC-DD-EE-FF")))
                .isSameAs(ScriptedClient.OK_HEARTBEAT);
    }

    @Test
    void theLastFailurePropagatesUnchangedWhenAttemptsRunOut() {
        OrchestratorException first = Failures.http(UPDATE_JOB, 500);
        OrchestratorException last = Failures.http(UPDATE_JOB, 503);
        ResilienceConfig config = ResilienceConfig.defaults();
        server.failThen(first, last);

        assertThatThrownBy(() -> client(config.withPolicy(UPDATE_JOB, config.updateJob().withMaxAttempts(2)), () -> 0.5)
                .updateJob("job-1", JobStatus.SUCCESS)).isSameAs(last);
    }

    @Test
    void retryAfterIsWaitedAtLeast() {
        server.failThen(Failures.http(UPDATE_JOB, 429, Duration.ofSeconds(7)));

        client().updateJob("job-1", JobStatus.SUCCESS);

        assertThat(sleeper.sleeps()).singleElement().isEqualTo(Duration.ofSeconds(7));
        List<Long> starts = server.starts(UPDATE_JOB);
        assertThat(starts.get(1) - starts.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(7).toNanos());
    }

    @Test
    void retryAfterShorterThanTheBackoffKeepsTheBackoff() {
        // First retry: 500 ms exponential, equal jitter with random 0.5 gives 375 ms; Retry-After 0.1 s is less.
        server.failThen(Failures.http(UPDATE_JOB, 503, Duration.ofMillis(100)));

        client().updateJob("job-1", JobStatus.SUCCESS);

        assertThat(sleeper.sleeps()).containsExactly(Duration.ofMillis(375));
    }

    @Test
    void retryAfterIsCappedByItsMaximum() {
        server.failThen(Failures.http(UPDATE_JOB, 503, Duration.ofHours(1)));

        client().updateJob("job-1", JobStatus.SUCCESS);

        assertThat(sleeper.sleeps()).containsExactly(Backoff.DEFAULT.maxRetryAfter());
    }

    @Test
    void backoffGrowsAndIsJitteredWithinBounds() {
        AtomicInteger draws = new AtomicInteger();
        double[] randoms = {0.0, 0.999_999, 0.3, 0.0};
        server.failThen(Failures.notSent(UPDATE_JOB), Failures.notSent(UPDATE_JOB), Failures.notSent(UPDATE_JOB),
                Failures.notSent(UPDATE_JOB));

        client(ResilienceConfig.defaults(), () -> randoms[draws.getAndIncrement()]).updateJob("job-1", JobStatus.SUCCESS);

        List<Duration> sleeps = sleeper.sleeps();
        assertThat(sleeps).hasSize(4);
        for (int retry = 1; retry <= 4; retry++) {
            Duration exponential = Backoff.DEFAULT.exponential(retry);
            assertThat(sleeps.get(retry - 1)).as("retry %d: equal jitter within [delay/2, delay]", retry)
                    .isBetween(exponential.dividedBy(2), exponential);
        }
        assertThat(Backoff.DEFAULT.exponential(4)).isEqualTo(Backoff.DEFAULT.exponential(1).multipliedBy(8));
        assertThat(sleeps).as("different random draws give different waits").doesNotHaveDuplicates();
        assertThat(sleeps.get(3)).as("even the lowest draw waits longer as retries go on").isGreaterThan(sleeps.get(0));
    }

    @Test
    void aRetryThatCouldNotStartWithinTheBudgetIsNotMade() {
        OrchestratorException busy = Failures.http(UPDATE_JOB, 503, Duration.ofSeconds(20));
        server.alwaysFail(busy);

        // 30 s budget: 0 s, then 20 s later; a third attempt would start at 40 s.
        assertThatThrownBy(() -> client().updateJob("job-1", JobStatus.SUCCESS)).isSameAs(busy);

        assertThat(server.attempts(UPDATE_JOB)).isEqualTo(2);
        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(20));
        assertThat(metrics.of(UPDATE_JOB).failures()).isEqualTo(1);
    }

    @Test
    void heartbeatRetriesStayWithinThreeIntervals() {
        Duration interval = Duration.ofSeconds(10);
        long callStart = clock.nanoTime();
        server.alwaysFail(Failures.noReply(HEARTBEAT));

        assertThatThrownBy(() -> client(ResilienceConfig.defaults(interval), () -> 0.999_999)
                .heartbeat(Heartbeat.ready("PC1", "10.0.0.2", "AA-BB-CC-DD-EE-FF")))
                .isInstanceOf(OrchestratorException.NoReply.class);

        assertThat(server.attempts(HEARTBEAT)).isEqualTo(3);
        assertThat(clock.nanoTime() - callStart).isLessThanOrEqualTo(interval.multipliedBy(3).toNanos());
    }

    @Test
    void anInterruptedCallerIsNotRetriedAndKeepsItsInterruptFlag() {
        OrchestratorException failure = Failures.noReply(UPDATE_JOB);
        server.alwaysFail(failure);
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> client().updateJob("job-1", JobStatus.SUCCESS)).isSameAs(failure);

        assertThat(server.attempts(UPDATE_JOB)).isEqualTo(1);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void anInterruptedHeartbeatWaitingForItsPermitIsNotSent() {
        ResilientOrchestratorClient client = client();
        Heartbeat ready = Heartbeat.ready("PC1", "10.0.0.2", "AA-BB-CC-DD-EE-FF");
        client.heartbeat(ready);
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> client.heartbeat(ready)).isInstanceOf(OrchestratorException.NotSent.class)
                .hasCauseInstanceOf(InterruptedException.class);

        assertThat(server.attempts(HEARTBEAT)).isEqualTo(1);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }
}
