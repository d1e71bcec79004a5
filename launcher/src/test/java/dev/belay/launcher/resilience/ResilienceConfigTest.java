package dev.belay.launcher.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.belay.client.Endpoint;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResilienceConfigTest {

    @Test
    void defaultsMatchTheDocumentedTable() {
        ResilienceConfig config = ResilienceConfig.defaults();

        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.heartbeat()).isEqualTo(new EndpointPolicy(3, Duration.ofSeconds(30), ResilienceConfig.TRANSIENT));
        assertThat(config.consumeNextJob()).isEqualTo(new EndpointPolicy(3, Duration.ofSeconds(15), Set.of(FailureKind.NOT_SENT)));
        assertThat(config.updateJob()).isEqualTo(new EndpointPolicy(5, Duration.ofSeconds(30), ResilienceConfig.TRANSIENT));
        assertThat(ResilienceConfig.TRANSIENT).containsExactlyInAnyOrder(FailureKind.NOT_SENT, FailureKind.NO_REPLY,
                FailureKind.SERVER_ERROR, FailureKind.TOO_MANY_REQUESTS, FailureKind.REQUEST_TIMEOUT);
    }

    @Test
    void heartbeatBudgetScalesWithTheInterval() {
        assertThat(ResilienceConfig.defaults(Duration.ofMillis(50)).heartbeat().budget()).isEqualTo(Duration.ofMillis(150));
    }

    @Test
    void aTableThatWouldRepeatAConsumeThatMayHaveArrivedIsRefused() {
        ResilienceConfig config = ResilienceConfig.defaults();
        for (FailureKind kind : FailureKind.values()) {
            if (!kind.mayHaveReachedServer()) {
                continue;
            }
            EndpointPolicy unsafe = new EndpointPolicy(3, Duration.ofSeconds(15), Set.of(FailureKind.NOT_SENT, kind));
            assertThatThrownBy(() -> config.withPolicy(Endpoint.CONSUME_NEXT_JOB, unsafe))
                    .as("consumeNextJob retried on %s", kind)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not idempotent");
        }
    }

    @Test
    void idempotentEndpointsMayRetryOnAnyKind() {
        EndpointPolicy everything = new EndpointPolicy(2, Duration.ofSeconds(5), Set.of(FailureKind.values()));

        assertThat(ResilienceConfig.defaults().withPolicy(Endpoint.UPDATE_JOB, everything).updateJob()).isEqualTo(everything);
    }
}
