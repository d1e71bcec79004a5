package dev.belay.core.internal;

import dev.belay.core.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Real time. Instants are the wall clock at creation plus elapsed {@code nanoTime}: event timestamps are
 * readable, and an NTP step or a DST change cannot make two heartbeats closer than the interval.
 */
public final class SystemTicker implements Ticker {

    private final Instant origin = Instant.now();
    private final long originNanos = System.nanoTime();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    @Override
    public Instant now() {
        return origin.plusNanos(System.nanoTime() - originNanos);
    }

    @Override
    public void parkUntil(Instant deadline, BooleanSupplier condition) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            // The condition is checked under the lock and wake() signals under it, so a wake-up that
            // happens between the check and the await cannot be missed.
            while (!condition.getAsBoolean()) {
                long nanos = Duration.between(now(), deadline).toNanos();
                if (nanos <= 0) {
                    return;
                }
                changed.await(nanos, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
