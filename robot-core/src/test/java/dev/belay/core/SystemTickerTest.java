package dev.belay.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The real ticker: wake-ups are never lost (no timing asserts: only "it returned, and why"). */
class SystemTickerTest {

    private final Ticker ticker = Ticker.system();

    @Test
    void returnsAtOnceWhenTheConditionAlreadyHolds() throws InterruptedException {
        ticker.parkUntil(ticker.now().plus(Duration.ofHours(1)), () -> true);
    }

    @Test
    void returnsAtOnceWhenTheDeadlineHasPassed() throws InterruptedException {
        ticker.parkUntil(ticker.now().minusSeconds(1), () -> false);
    }

    @Test
    void aWakeFromAnotherThreadEndsTheWait() throws InterruptedException {
        AtomicBoolean flag = new AtomicBoolean();
        Thread other = new Thread(() -> {
            flag.set(true);
            ticker.wake();
        });
        other.start();
        // An hour: if the wake-up were lost, the test would time out rather than pass by luck.
        ticker.parkUntil(ticker.now().plus(Duration.ofHours(1)), flag::get);
        assertThat(flag).isTrue();
        other.join();
    }

    @Test
    void timeNeverGoesBackwards() {
        var a = ticker.now();
        var b = ticker.now();
        assertThat(b).isAfterOrEqualTo(a);
    }
}
