package dev.belay.launcher.resilience;

import static dev.belay.client.Endpoint.CONSUME_NEXT_JOB;
import static dev.belay.client.Endpoint.HEARTBEAT;
import static dev.belay.client.Endpoint.UPDATE_JOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.belay.client.Endpoint;
import dev.belay.client.Heartbeat;
import dev.belay.client.JobStatus;
import dev.belay.client.OrchestratorClient;
import dev.belay.client.OrchestratorException;
import dev.belay.client.RobotStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The retry table of RESILIENCE.md, row by row: for each endpoint and failure kind, a server that
 * always fails that way sees exactly the table's number of attempts, and the caller gets the last
 * failure unchanged.
 */
class RetryTableTest {

    private final FakeClock clock = new FakeClock();
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private final ScriptedClient server = new ScriptedClient(clock);
    private final ResilienceMetrics metrics = new ResilienceMetrics();
    // The worst jitter (the longest waits): the time budgets must still allow every attempt.
    private final OrchestratorClient client = new ResilientOrchestratorClient(server, ResilienceConfig.defaults(),
            clock::nanoTime, sleeper, () -> 0.999_999, metrics);

    static Stream<Arguments> table() {
        List<Arguments> rows = new ArrayList<>();
        // endpoint, attempts when retried (the defaults), attempts when not retried
        row(rows, HEARTBEAT, "NotSent", Failures::notSent, 3);
        row(rows, HEARTBEAT, "NoReply", Failures::noReply, 3);
        row(rows, HEARTBEAT, "HTTP 500", e -> Failures.http(e, 500), 3);
        row(rows, HEARTBEAT, "HTTP 502", e -> Failures.http(e, 502), 3);
        row(rows, HEARTBEAT, "HTTP 503", e -> Failures.http(e, 503), 3);
        row(rows, HEARTBEAT, "HTTP 429", e -> Failures.http(e, 429), 3);
        row(rows, HEARTBEAT, "HTTP 408", e -> Failures.http(e, 408), 3);
        neverRetried(rows, HEARTBEAT);

        row(rows, CONSUME_NEXT_JOB, "NotSent", Failures::notSent, 3);
        row(rows, CONSUME_NEXT_JOB, "NoReply", Failures::noReply, 1);
        row(rows, CONSUME_NEXT_JOB, "HTTP 500", e -> Failures.http(e, 500), 1);
        row(rows, CONSUME_NEXT_JOB, "HTTP 502", e -> Failures.http(e, 502), 1);
        row(rows, CONSUME_NEXT_JOB, "HTTP 503", e -> Failures.http(e, 503), 1);
        row(rows, CONSUME_NEXT_JOB, "HTTP 429", e -> Failures.http(e, 429), 1);
        row(rows, CONSUME_NEXT_JOB, "HTTP 408", e -> Failures.http(e, 408), 1);
        neverRetried(rows, CONSUME_NEXT_JOB);

        row(rows, UPDATE_JOB, "NotSent", Failures::notSent, 5);
        row(rows, UPDATE_JOB, "NoReply", Failures::noReply, 5);
        row(rows, UPDATE_JOB, "HTTP 500", e -> Failures.http(e, 500), 5);
        row(rows, UPDATE_JOB, "HTTP 502", e -> Failures.http(e, 502), 5);
        row(rows, UPDATE_JOB, "HTTP 503", e -> Failures.http(e, 503), 5);
        row(rows, UPDATE_JOB, "HTTP 429", e -> Failures.http(e, 429), 5);
        row(rows, UPDATE_JOB, "HTTP 408", e -> Failures.http(e, 408), 5);
        neverRetried(rows, UPDATE_JOB);
        return rows.stream();
    }

    private static void neverRetried(List<Arguments> rows, Endpoint endpoint) {
        for (int status : new int[] {301, 400, 401, 403, 404, 409, 422}) {
            row(rows, endpoint, "HTTP " + status, e -> Failures.http(e, status), 1);
        }
        row(rows, endpoint, "UnreadableReply", Failures::unreadable, 1);
    }

    private static void row(List<Arguments> rows, Endpoint endpoint, String failure,
                            Function<Endpoint, OrchestratorException> make, int attempts) {
        rows.add(Arguments.of(endpoint, failure, make, attempts));
    }

    @ParameterizedTest(name = "{0} failing with {1}: {3} attempt(s)")
    @MethodSource("table")
    void attemptsPerEndpointAndFailureKindFollowTheTable(Endpoint endpoint, String failureName,
                                                         Function<Endpoint, OrchestratorException> make, int attempts) {
        OrchestratorException failure = make.apply(endpoint);
        server.alwaysFail(failure);

        assertThatThrownBy(() -> invoke(client, endpoint)).isSameAs(failure);

        assertThat(server.attempts(endpoint)).as("attempts of %s after %s", endpoint, failureName).isEqualTo(attempts);
        ResilienceMetrics.Counts counts = metrics.of(endpoint);
        assertThat(counts.attempts()).isEqualTo(attempts);
        assertThat(counts.retries()).isEqualTo(attempts - 1);
        assertThat(counts.failures()).isEqualTo(1);
        assertThat(counts.successes()).isZero();
    }

    static void invoke(OrchestratorClient client, Endpoint endpoint) {
        switch (endpoint) {
            case HEARTBEAT -> client.heartbeat(Heartbeat.ready("PC1", "10.0.0.2", "AA-BB-CC-DD-EE-FF"));
            case CONSUME_NEXT_JOB -> client.consumeNextJob(RobotStatus.READY);
            case UPDATE_JOB -> client.updateJob("job-1", JobStatus.SUCCESS);
            default -> throw new IllegalArgumentException(endpoint.toString());
        }
    }
}
