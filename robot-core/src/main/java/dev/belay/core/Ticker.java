package dev.belay.core;

import dev.belay.core.internal.SystemTicker;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * The robot's only source of time and its only way to wait. The loop runs on one thread and waits
 * exclusively through {@link #parkUntil}, so a test can substitute a fake that jumps straight to the
 * next interesting instant: no sleeps, no races, and heartbeat spacing can be asserted exactly.
 *
 * <p>The contract that makes this work: whoever makes a {@code parkUntil} condition true from another
 * thread calls {@link #wake()} afterwards.
 */
public interface Ticker {

    /** Now. Monotonic in the system implementation (a wall-clock jump does not disturb spacing). */
    Instant now();

    /**
     * Returns when {@code condition} is true or {@code deadline} has passed, whichever comes first.
     * Returns at once if either already holds.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    void parkUntil(Instant deadline, BooleanSupplier condition) throws InterruptedException;

    /** Makes a thread blocked in {@link #parkUntil} re-check its condition. Thread-safe, cheap, may be spurious. */
    void wake();

    /** Real time: {@code System.nanoTime()} for intervals, anchored to the wall clock once at creation. */
    static Ticker system() {
        return new SystemTicker();
    }
}
