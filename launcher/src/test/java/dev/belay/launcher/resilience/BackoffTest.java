package dev.belay.launcher.resilience;

import static dev.belay.client.Endpoint.UPDATE_JOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.belay.client.OrchestratorException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final OrchestratorException NO_HINT = Failures.noReply(UPDATE_JOB);

    private static Backoff backoff(Jitter jitter) {
        return new Backoff(Duration.ofMillis(500), 2.0, Duration.ofSeconds(8), jitter, Duration.ofSeconds(20));
    }

    @Test
    void exponentialDelayDoublesUpToTheMaximum() {
        Backoff b = backoff(Jitter.NONE);

        assertThat(b.exponential(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(b.exponential(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.exponential(4)).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.exponential(5)).isEqualTo(Duration.ofSeconds(8));
        assertThat(b.exponential(60)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void fullJitterSpansZeroToTheDelay() {
        Backoff b = backoff(Jitter.FULL);

        assertThat(b.delayBefore(3, NO_HINT, 0.0)).isZero();
        assertThat(b.delayBefore(3, NO_HINT, 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.delayBefore(3, NO_HINT, 0.999_999)).isLessThan(Duration.ofSeconds(2))
                .isGreaterThan(Duration.ofMillis(1_999));
    }

    @Test
    void equalJitterKeepsHalfTheDelayAsAFloor() {
        Backoff b = backoff(Jitter.EQUAL);

        assertThat(b.delayBefore(3, NO_HINT, 0.0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.delayBefore(3, NO_HINT, 0.5)).isEqualTo(Duration.ofMillis(1_500));
        assertThat(b.delayBefore(3, NO_HINT, 0.999_999)).isLessThan(Duration.ofSeconds(2))
                .isGreaterThan(Duration.ofMillis(1_999));
    }

    @Test
    void retryAfterIsAFloorUpToItsCap() {
        Backoff b = backoff(Jitter.EQUAL);

        assertThat(b.delayBefore(1, Failures.http(UPDATE_JOB, 429, Duration.ofSeconds(3)), 0.0))
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(b.delayBefore(1, Failures.http(UPDATE_JOB, 429, Duration.ofMinutes(5)), 0.0))
                .isEqualTo(Duration.ofSeconds(20));
        assertThat(b.delayBefore(5, Failures.http(UPDATE_JOB, 503, Duration.ofMillis(10)), 0.0))
                .as("a short Retry-After does not shorten the backoff").isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), 2.0, Duration.ofSeconds(1), Jitter.NONE, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1), Jitter.NONE, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backoff(Jitter.FULL).delayBefore(1, NO_HINT, 1.0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
