package dev.belay.core.fakes;

import dev.belay.core.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * Discrete-event time: {@link #parkUntil} runs the scheduled tasks due before the deadline in time
 * order, jumping the clock to each, and returns as soon as the condition holds. Single-threaded and
 * deterministic: the fake runner and the tests schedule what happens "later" here.
 */
public final class FakeTicker implements Ticker {

    private record Task(Instant at, long seq, Runnable action) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> {
        int c = a.at().compareTo(b.at());
        return c != 0 ? c : Long.compare(a.seq(), b.seq());
    });
    private Instant now;
    private long seq;
    private long parks;

    public FakeTicker(Instant start) {
        this.now = start;
    }

    public FakeTicker() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Override
    public Instant now() {
        return now;
    }

    public void schedule(Instant at, Runnable action) {
        tasks.add(new Task(at.isBefore(now) ? now : at, seq++, action));
    }

    public void scheduleIn(Duration delay, Runnable action) {
        schedule(now.plus(delay), action);
    }

    @Override
    public void parkUntil(Instant deadline, BooleanSupplier condition) {
        if (++parks > 1_000_000) {
            throw new AssertionError("the loop parked a million times: it is spinning");
        }
        while (!condition.getAsBoolean()) {
            Task next = tasks.peek();
            if (next == null || next.at().isAfter(deadline)) {
                if (deadline.isAfter(now)) {
                    now = deadline;
                }
                return;
            }
            tasks.poll();
            if (next.at().isAfter(now)) {
                now = next.at();
            }
            next.action().run();
        }
    }

    @Override
    public void wake() {
        // Everything runs on the parked thread itself: nothing to wake.
    }
}
