package dev.belay.launcher.resilience;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A nanosecond clock that moves only when told to (by a test or by {@link RecordingSleeper}). */
final class FakeClock {

    // An arbitrary, large start: nanoTime values have no meaning on their own, code must use differences.
    private final AtomicLong nanos = new AtomicLong(7_000_000_000_000L);

    long nanoTime() {
        return nanos.get();
    }

    void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
