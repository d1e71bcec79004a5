package dev.belay.launcher.resilience;

import dev.belay.client.Endpoint;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Spaces heartbeat attempts: none starts sooner than the interval after the previous one ended.
 *
 * <p>Two mechanisms, on purpose. The Resilience4j {@link RateLimiter} (one permit per interval) is
 * the outer guarantee and what operators know from Resilience4j's metrics. But an
 * {@code AtomicRateLimiter} counts fixed windows from its creation, so "one per interval" still lets
 * a call at the end of one window and a call at the start of the next through a few milliseconds
 * apart. The promise here is <em>spacing</em>, so the pacer also enforces a minimum gap measured
 * from the moment the previous attempt <em>ended</em> (its reply or its failure arrived). The end, not
 * the start: the orchestrator sees a request some time after we start it (connection set-up, class
 * loading on a first call, a loaded machine), and never after its reply arrives here, so only a gap
 * counted from the end guarantees the spacing the orchestrator itself measures.
 *
 * <p>Both waits are measured against the same clock and taken one after the other, so they overlap
 * instead of adding up: the total is the larger of the two. A caller that already spaces its calls
 * by the interval (the core's loop does) therefore waits nothing: two calls an interval apart are
 * always in different windows and already satisfy the gap.
 *
 * <p>Attempts are serialised by a fair lock held from the permit to the end of the request. A
 * heartbeat never overlaps another anyway, and holding the lock through the request makes the
 * recorded start the real one: a second thread cannot slip its request in between the gap check
 * and the first thread's send.
 */
final class HeartbeatPacer {

    private static final Duration NOTICEABLE = Duration.ofMillis(1);

    private final Duration interval;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final ResilienceEventSink events;
    private final RateLimiter rateLimiter;
    private final ReentrantLock lock = new ReentrantLock(true);

    // Written under the lock; volatile so that the budget estimate may read them without it.
    private volatile boolean started;
    private volatile long lastEndNanos;

    HeartbeatPacer(String name, Duration interval, LongSupplier nanoTime, Sleeper sleeper, ResilienceEventSink events) {
        this.interval = Objects.requireNonNull(interval, "interval");
        this.intervalNanos = interval.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.events = Objects.requireNonNull(events, "events");
        RateLimiterConfig config = RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(interval)
                // Attempts are serialised, so a reservation is at most one window ahead: two windows
                // of timeout can never refuse one. A refusal would mean a bug, and is reported as such.
                .timeoutDuration(interval.multipliedBy(2))
                .build();
        this.rateLimiter = RateLimiter.of(name, config, nanoTime::getAsLong);
    }

    RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /**
     * Waits for a permit and for the gap, then runs {@code attempt} (the request) and returns its
     * result. Every heartbeat attempt, first or retry, goes through here.
     *
     * @throws InterruptedException          if interrupted while waiting (the request was not sent)
     * @throws PermitRefusedException        if the rate limiter refused a permit (the request was not sent)
     */
    <T> T paced(Supplier<T> attempt) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long arrived = nanoTime.getAsLong();
            boolean waited = false;
            long permitWait = rateLimiter.reservePermission();
            if (permitWait < 0) {
                throw new PermitRefusedException(interval.multipliedBy(2));
            }
            if (permitWait > 0) {
                sleeper.sleep(Duration.ofNanos(permitWait));
                waited = true;
            }
            // Re-measured after every sleep: a sleeper may return early, and the gap is a promise.
            for (long rest = remainingGapNanos(nanoTime.getAsLong()); rest > 0; rest = remainingGapNanos(nanoTime.getAsLong())) {
                sleeper.sleep(Duration.ofNanos(rest));
                waited = true;
            }
            long start = nanoTime.getAsLong();
            // Only real waits count: the few microseconds of bookkeeping above are not "waiting for a permit".
            // Nor are waits under a millisecond: a caller that already spaces its calls (the core) takes
            // its timestamp on its own clock just before calling, so it may arrive microseconds "early".
            // The gap is still kept exactly; such a wait is just not worth a log line or a counter.
            Duration waitedFor = waited ? Duration.ofNanos(start - arrived) : Duration.ZERO;
            if (waitedFor.compareTo(NOTICEABLE) < 0) {
                waitedFor = Duration.ZERO;
            }
            if (!waitedFor.isZero()) {
                ResilienceEventLog.logger().debug("heartbeat: waited {} for the rate limiter and the minimum gap",
                        ResilienceEventLog.ms(waitedFor));
            }
            events.onPermit(Endpoint.HEARTBEAT, waitedFor);
            try {
                return attempt.get();
            } finally {
                lastEndNanos = nanoTime.getAsLong();
                started = true;
            }
        } finally {
            lock.unlock();
        }
    }

    /** How long from now until the gap allows the next attempt (zero if it already does). An estimate: no lock. */
    Duration remainingGap() {
        return Duration.ofNanos(Math.max(0, remainingGapNanos(nanoTime.getAsLong())));
    }

    private long remainingGapNanos(long now) {
        if (!started) {
            return 0;
        }
        // Differences, not comparisons, of nanoTime values: they may overflow (System.nanoTime's contract).
        return intervalNanos - (now - lastEndNanos);
    }

    /** The rate limiter had no permit within its timeout. Cannot happen while attempts are serialised. */
    static final class PermitRefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PermitRefusedException(Duration timeout) {
            super("no heartbeat permit within " + timeout);
        }
    }
}
