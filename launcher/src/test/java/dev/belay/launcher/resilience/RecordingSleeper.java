package dev.belay.launcher.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Sleeps in no time: records each wait and moves the fake clock by it. */
final class RecordingSleeper implements Sleeper {

    private final FakeClock clock;
    private final List<Duration> sleeps = new ArrayList<>();

    RecordingSleeper(FakeClock clock) {
        this.clock = clock;
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        synchronized (sleeps) {
            sleeps.add(duration);
        }
        clock.advance(duration);
    }

    List<Duration> sleeps() {
        synchronized (sleeps) {
            return List.copyOf(sleeps);
        }
    }

    Duration total() {
        return sleeps().stream().reduce(Duration.ZERO, Duration::plus);
    }
}
