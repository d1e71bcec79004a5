package dev.belay.launcher.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.belay.client.Endpoint;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResilienceMetricsTest {

    private final ResilienceMetrics metrics = new ResilienceMetrics();

    @Test
    void aRunThatSentNothingSaysSo() {
        assertThat(metrics.summary()).isEqualTo("none");
    }

    @Test
    void theSummaryCountsRequestsPerEndpointAndNamesRetriesFailuresAndPacingOnlyWhenThereWereAny() {
        // A heartbeat that needed two retries, then two that went through; the pacing held one back.
        call(Endpoint.HEARTBEAT, 3, true);
        call(Endpoint.HEARTBEAT, 1, true);
        call(Endpoint.HEARTBEAT, 1, true);
        metrics.onPermit(Endpoint.HEARTBEAT, Duration.ZERO);
        metrics.onPermit(Endpoint.HEARTBEAT, Duration.ofMillis(1250));
        call(Endpoint.CONSUME_NEXT_JOB, 1, true);
        // A final status that was retried once and then given up on.
        call(Endpoint.UPDATE_JOB, 2, false);

        assertThat(metrics.summary()).isEqualTo("/api/robot/heartbeat 5 attempts (2 retries, 1 held back by the pacing for 1250 ms); "
                + "/api/robot/consumeNextJob 1 attempt; "
                + "/api/job/update 2 attempts (1 retry, 1 call failed)");
    }

    private void call(Endpoint endpoint, int attempts, boolean succeeded) {
        for (int attempt = 1; attempt <= attempts; attempt++) {
            metrics.onAttempt(endpoint, attempt);
        }
        if (succeeded) {
            metrics.onSuccess(endpoint, attempts);
        } else {
            metrics.onFailure(endpoint, attempts, Failures.noReply(endpoint));
        }
    }
}
