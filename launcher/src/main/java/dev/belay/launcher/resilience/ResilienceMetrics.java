package dev.belay.launcher.resilience;

import dev.belay.client.Endpoint;
import dev.belay.client.OrchestratorException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters per endpoint, fed by {@link ResilientOrchestratorClient}, read by the launcher (for the
 * run summary or a status line). Thread-safe; one instance per client, no static state.
 */
public final class ResilienceMetrics implements ResilienceEventSink {

    /**
     * The counters of one endpoint at one moment.
     *
     * @param attempts      requests handed to the real client (first attempts and retries)
     * @param retries       attempts that were retries
     * @param successes     calls that returned normally
     * @param failures      calls that ended with an exception (after their retries, if any)
     * @param permits       rate-limiter permits taken (heartbeats only: one per attempt)
     * @param permitsWaited permits that had to be waited for
     * @param waited        total time spent waiting for permits and the minimum gap
     */
    public record Counts(long attempts, long retries, long successes, long failures, long permits, long permitsWaited,
                         Duration waited) {
    }

    private static final class Counters {
        final LongAdder attempts = new LongAdder();
        final LongAdder retries = new LongAdder();
        final LongAdder successes = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder permits = new LongAdder();
        final LongAdder permitsWaited = new LongAdder();
        final LongAdder waitedNanos = new LongAdder();
    }

    private final Map<Endpoint, Counters> counters = new EnumMap<>(Endpoint.class);

    public ResilienceMetrics() {
        for (Endpoint endpoint : Endpoint.values()) {
            counters.put(endpoint, new Counters());
        }
    }

    public Counts of(Endpoint endpoint) {
        Counters c = counters.get(endpoint);
        return new Counts(c.attempts.sum(), c.retries.sum(), c.successes.sum(), c.failures.sum(), c.permits.sum(),
                c.permitsWaited.sum(), Duration.ofNanos(c.waitedNanos.sum()));
    }

    /** All endpoints, in {@link Endpoint} order. */
    public Map<Endpoint, Counts> snapshot() {
        Map<Endpoint, Counts> all = new EnumMap<>(Endpoint.class);
        for (Endpoint endpoint : Endpoint.values()) {
            all.put(endpoint, of(endpoint));
        }
        return all;
    }

    @Override
    public void onAttempt(Endpoint endpoint, int attempt) {
        Counters c = counters.get(endpoint);
        c.attempts.increment();
        if (attempt > 1) {
            c.retries.increment();
        }
    }

    @Override
    public void onSuccess(Endpoint endpoint, int attempts) {
        counters.get(endpoint).successes.increment();
    }

    @Override
    public void onFailure(Endpoint endpoint, int attempts, OrchestratorException failure) {
        counters.get(endpoint).failures.increment();
    }

    @Override
    public void onPermit(Endpoint endpoint, Duration waited) {
        Counters c = counters.get(endpoint);
        c.permits.increment();
        if (waited.isNegative() || waited.isZero()) {
            return;
        }
        c.permitsWaited.increment();
        c.waitedNanos.add(waited.toNanos());
    }

    /**
     * One line for a person, at the end of a run: per endpoint that was called, the attempts (first
     * attempts and retries; one that failed to connect never reached the orchestrator's log), and when
     * there were any, the retries, the calls that failed in the end (after their retries, if any), and the attempts the
     * heartbeat pacing held back and for how long in all; {@code none} when nothing was tried. Say
     * {@code /api/robot/heartbeat 41 attempts (2 retries); /api/job/update 4 attempts}.
     */
    public String summary() {
        StringBuilder line = new StringBuilder();
        for (Map.Entry<Endpoint, Counts> entry : snapshot().entrySet()) {
            Counts c = entry.getValue();
            if (c.attempts() == 0) {
                continue;
            }
            if (line.length() > 0) {
                line.append("; ");
            }
            line.append(entry.getKey().path()).append(' ').append(c.attempts()).append(c.attempts() == 1 ? " attempt" : " attempts");
            StringBuilder more = new StringBuilder();
            if (c.retries() > 0) {
                more.append(c.retries()).append(c.retries() == 1 ? " retry" : " retries");
            }
            if (c.failures() > 0) {
                more.append(more.length() > 0 ? ", " : "").append(c.failures()).append(c.failures() == 1 ? " call failed" : " calls failed");
            }
            if (c.permitsWaited() > 0) {
                more.append(more.length() > 0 ? ", " : "").append(c.permitsWaited()).append(" held back by the pacing for ")
                        .append(c.waited().toMillis()).append(" ms");
            }
            if (more.length() > 0) {
                line.append(" (").append(more).append(')');
            }
        }
        return line.length() == 0 ? "none" : line.toString();
    }

    @Override
    public String toString() {
        return "ResilienceMetrics" + snapshot();
    }
}
