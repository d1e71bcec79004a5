package dev.belay.launcher.resilience;

import static dev.belay.client.Endpoint.HEARTBEAT;
import static dev.belay.client.Endpoint.UPDATE_JOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.belay.client.Heartbeat;
import dev.belay.client.JobStatus;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Heartbeat spacing: the rate limiter and the minimum gap, on a fake clock. */
class HeartbeatPacingTest {

    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Heartbeat READY = Heartbeat.ready("PC1", "10.0.0.2", "AA-BB-CC-DD-EE-FF");

    private final FakeClock clock = new FakeClock();
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private final ScriptedClient server = new ScriptedClient(clock);
    private final ResilienceMetrics metrics = new ResilienceMetrics();

    private ResilientOrchestratorClient client() {
        return client(ResilienceConfig.defaults(INTERVAL));
    }

    private ResilientOrchestratorClient client(ResilienceConfig config) {
        return new ResilientOrchestratorClient(server, config, clock::nanoTime, sleeper, () -> 0.0, metrics);
    }

    @Test
    void everyAttemptIncludingRetriesTakesAPermitAndKeepsTheGap() {
        ResilientOrchestratorClient client = client();
        server.failThen(Failures.noReply(HEARTBEAT), Failures.http(HEARTBEAT, 503));

        client.heartbeat(READY);

        assertThat(server.attempts(HEARTBEAT)).isEqualTo(3);
        assertThat(metrics.of(HEARTBEAT).permits()).as("one permit per attempt").isEqualTo(3);
        assertThat(metrics.of(HEARTBEAT).permitsWaited()).as("both retries waited for theirs").isEqualTo(2);
        assertGapsAtLeastInterval(server.starts(HEARTBEAT));
    }

    /** The pitfall itself, with the bare Resilience4j limiter: what the explicit gap is for. */
    @Test
    void atomicRateLimiterAloneLetsTwoCallsThroughMillisecondsApartAcrossAWindowBoundary() {
        RateLimiter limiter = RateLimiter.of("bare", RateLimiterConfig.custom().limitForPeriod(1)
                .limitRefreshPeriod(INTERVAL).timeoutDuration(Duration.ZERO).build(), clock::nanoTime);

        clock.advance(INTERVAL.minusMillis(5));
        assertThat(limiter.reservePermission()).as("end of the first window").isZero();
        clock.advance(Duration.ofMillis(5));
        assertThat(limiter.reservePermission()).as("start of the next window, 5 ms later: no wait").isZero();
    }

    @Test
    void minimumGapHoldsAcrossAWindowBoundary() {
        ResilientOrchestratorClient client = client();

        clock.advance(INTERVAL.minusMillis(5));
        client.heartbeat(READY);
        clock.advance(Duration.ofMillis(5));
        client.heartbeat(READY);

        assertThat(sleeper.sleeps()).as("the second call waits out the gap the limiter would not")
                .containsExactly(INTERVAL.minusMillis(5));
        assertGapsAtLeastInterval(server.starts(HEARTBEAT));
    }

    @Test
    void callerSpacingCallsByTheIntervalWaitsNothing() {
        ResilientOrchestratorClient client = client();
        clock.advance(Duration.ofMillis(3_700)); // not aligned with the limiter's windows

        for (int i = 0; i < 5; i++) {
            client.heartbeat(READY);
            clock.advance(INTERVAL);
        }

        assertThat(server.attempts(HEARTBEAT)).isEqualTo(5);
        assertThat(sleeper.sleeps()).as("limiter and gap both already satisfied: no double wait").isEmpty();
        assertThat(metrics.of(HEARTBEAT).permitsWaited()).isZero();
    }

    @Test
    void aCallerTimingOnItsOwnClockWaitsOnlyItsSkewAndIsNotCountedAsWaiting() {
        ResilientOrchestratorClient client = client();

        client.heartbeat(READY);
        clock.advance(INTERVAL.minusNanos(30_000)); // the core's clock: 30 µs short of ours
        client.heartbeat(READY);

        assertThat(sleeper.sleeps()).as("the gap is still exact").containsExactly(Duration.ofNanos(30_000));
        assertThat(metrics.of(HEARTBEAT).permitsWaited()).isZero();
        assertGapsAtLeastInterval(server.starts(HEARTBEAT));
    }

    @Test
    void aCallerHalfAnIntervalLateWaitsOnlyTheRemainder() {
        ResilientOrchestratorClient client = client();

        client.heartbeat(READY);
        clock.advance(INTERVAL.dividedBy(2));
        client.heartbeat(READY);

        // The limiter's window and the gap both say "5 s more"; the total is 5 s, not 10.
        assertThat(sleeper.total()).isEqualTo(INTERVAL.dividedBy(2));
    }

    @Test
    void backoffAndGapOverlapInsteadOfAddingUp() {
        ResilientOrchestratorClient client = client();
        server.failThen(Failures.http(HEARTBEAT, 503, Duration.ofSeconds(4)));

        client.heartbeat(READY);

        // Retry-After 4 s is waited first; the gap then only asks for the remaining 6 s.
        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(4), Duration.ofSeconds(6));
        assertThat(server.starts(HEARTBEAT).get(1) - server.starts(HEARTBEAT).get(0)).isEqualTo(INTERVAL.toNanos());
    }

    @Test
    void concurrentCallersNeverStartCloserThanTheInterval() throws Exception {
        // Six callers queue for six intervals: a budget that lets the retries wait their turn.
        ResilienceConfig config = ResilienceConfig.defaults(INTERVAL);
        ResilientOrchestratorClient client = client(
                config.withPolicy(HEARTBEAT, config.heartbeat().withBudget(INTERVAL.multipliedBy(20))));
        server.failThen(Failures.noReply(HEARTBEAT), Failures.notSent(HEARTBEAT));
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                calls.add(pool.submit(() -> {
                    go.await();
                    return client.heartbeat(READY);
                }));
            }
            go.countDown();
            for (Future<?> call : calls) {
                call.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(server.attempts(HEARTBEAT)).isEqualTo(threads + 2);
        assertGapsAtLeastInterval(server.starts(HEARTBEAT));
        assertThat(metrics.of(HEARTBEAT).permits()).isEqualTo(threads + 2);
    }

    @Test
    void updatesRetriedWhileHeartbeatsRunAreNotPacedAndDoNotDisturbTheGap() throws Exception {
        ResilientOrchestratorClient client = client();
        server.failThen(Failures.noReply(UPDATE_JOB), Failures.noReply(UPDATE_JOB));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> update = pool.submit(() -> client.updateJob("job-1", JobStatus.SUCCESS));
            for (int i = 0; i < 3; i++) {
                client.heartbeat(READY);
            }
            update.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(server.attempts(UPDATE_JOB)).isEqualTo(3);
        assertThat(metrics.of(UPDATE_JOB).permits()).isZero();
        assertGapsAtLeastInterval(server.starts(HEARTBEAT));
    }

    private static void assertGapsAtLeastInterval(List<Long> starts) {
        List<Long> sorted = new ArrayList<>(starts);
        sorted.sort(null);
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i) - sorted.get(i - 1)).as("gap between heartbeat attempts %d and %d", i, i + 1)
                    .isGreaterThanOrEqualTo(INTERVAL.toNanos());
        }
    }
}
