package dev.belay.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.belay.client.Heartbeat;
import dev.belay.client.JobStatus;
import dev.belay.client.OrchestratorClient;
import dev.belay.client.OrchestratorException;
import dev.belay.client.RobotStatus;
import dev.belay.launcher.config.ConfigLoader;
import dev.belay.launcher.config.Key;
import dev.belay.launcher.config.Platform;
import dev.belay.launcher.resilience.ResilienceMetrics;
import dev.belay.testkit.fake.Endpoint;
import dev.belay.testkit.fake.FakeFault;
import dev.belay.testkit.fake.FakeJob;
import dev.belay.testkit.fake.FakeOrchestrator;
import dev.belay.testkit.fake.When;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The retry table of RESILIENCE.md as the orchestrator sees it: the launcher's client (the real Feign
 * client inside the real decorator) against the fake over HTTP, attempts counted in the fake's journal.
 */
class RetryTableIT {

    static final String GUID = FakeOrchestrator.newRobotGuid();
    static FakeOrchestrator fake;
    @TempDir
    static Path dir;
    OrchestratorClient client;
    String job;

    @BeforeAll
    static void start() {
        fake = FakeOrchestrator.builder().robot(GUID).minHeartbeatInterval(Duration.ZERO).build().start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        fake.reset();
        fake.registerRobot(GUID);
        job = fake.enqueue(FakeJob.of("jobs/ok"));
        var config = new ConfigLoader(new Platform(false, Map.of(), dir, dir)).load(Map.of(
                Key.ORCHESTRATOR, fake.baseUrl(), Key.ROBOT_GUID, GUID, Key.HEARTBEAT_INTERVAL, "50ms",
                Key.READ_TIMEOUT, "1s", Key.RETRY_BUDGET, "20s"), null);
        client = Clients.resilient(config, new ResilienceMetrics());
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // endpoint, fault, how many requests it hits, expected attempts, expected failure (null: success)
                Arguments.of(Endpoint.HEARTBEAT, "reset", FakeFault.connectionReset(), 2, 3, null),
                Arguments.of(Endpoint.HEARTBEAT, "503", FakeFault.htmlPage(503), 2, 3, null),
                Arguments.of(Endpoint.HEARTBEAT, "429 Retry-After", FakeFault.tooManyRequests(Duration.ofMillis(200)), 1, 2, null),
                Arguments.of(Endpoint.HEARTBEAT, "reset, always", FakeFault.connectionReset(), 99, 3, OrchestratorException.NoReply.class),
                Arguments.of(Endpoint.HEARTBEAT, "400", FakeFault.httpError(400), 1, 1, OrchestratorException.HttpError.class),
                Arguments.of(Endpoint.HEARTBEAT, "garbage JSON", FakeFault.garbageJson(), 1, 1, OrchestratorException.UnreadableReply.class),
                Arguments.of(Endpoint.CONSUME_NEXT_JOB, "reset", FakeFault.connectionReset(), 1, 1, OrchestratorException.NoReply.class),
                Arguments.of(Endpoint.CONSUME_NEXT_JOB, "commit, then reply lost", FakeFault.commitThenLoseReply(), 1, 1, OrchestratorException.NoReply.class),
                Arguments.of(Endpoint.CONSUME_NEXT_JOB, "503", FakeFault.htmlPage(503), 1, 1, OrchestratorException.HttpError.class),
                Arguments.of(Endpoint.CONSUME_NEXT_JOB, "empty reply", FakeFault.emptyResponse(), 1, 1, OrchestratorException.NoReply.class),
                Arguments.of(Endpoint.JOB_UPDATE, "reset", FakeFault.connectionReset(), 2, 3, null),
                Arguments.of(Endpoint.JOB_UPDATE, "503", FakeFault.htmlPage(503), 4, 5, null),
                // The status line (200) arrived before the body broke: the update was accepted, its body is never read.
                Arguments.of(Endpoint.JOB_UPDATE, "200 with a malformed chunk", FakeFault.malformedResponseChunk(), 1, 1, null),
                Arguments.of(Endpoint.JOB_UPDATE, "429 Retry-After", FakeFault.tooManyRequests(Duration.ofMillis(200)), 1, 2, null),
                Arguments.of(Endpoint.JOB_UPDATE, "503, always", FakeFault.htmlPage(503), 99, 5, OrchestratorException.HttpError.class),
                Arguments.of(Endpoint.JOB_UPDATE, "404", FakeFault.httpError(404), 1, 1, OrchestratorException.HttpError.class));
    }

    @ParameterizedTest(name = "{0} × {1}: {4} attempt(s)")
    @MethodSource("table")
    void attemptsAsTheTableSays(Endpoint endpoint, String description, FakeFault fault, int hits, int attempts,
                                Class<? extends Throwable> failure) {
        Consumer<OrchestratorClient> call;
        When when;
        switch (endpoint) {
            case HEARTBEAT:
                when = When.heartbeat();
                call = c -> c.heartbeat(Heartbeat.ready("ROBOT-01", "127.0.0.1", "00-00-00-00-00-00"));
                break;
            case CONSUME_NEXT_JOB:
                when = When.consumeNextJob();
                call = c -> c.consumeNextJob(RobotStatus.READY);
                break;
            default:
                client.consumeNextJob(RobotStatus.READY);
                client.updateJob(job, JobStatus.IN_PROGRESS);
                when = When.jobUpdate().withStatus(4);
                call = c -> c.updateJob(job, JobStatus.SUCCESS);
        }
        fake.inject(when.next(hits), fault);
        long before = fake.journal(endpoint).size();

        Throwable thrown = catchThrowable(() -> call.accept(client));

        assertThat(fake.journal(endpoint).size() - before).as("attempts seen by the orchestrator").isEqualTo(attempts);
        if (failure == null) {
            assertThat(thrown).as("the call finally succeeds").isNull();
        } else {
            assertThat(thrown).isInstanceOf(failure);
        }
    }
}
