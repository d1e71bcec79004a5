package dev.belay.core.internal;

/**
 * How many of a script's lines go to the agent's log. A script may write megabytes: logged line by
 * line that costs ~15 µs a line (a 50 MB job ran 30× slower than the same job writing to /dev/null)
 * and rolls the agent's own log history away. The job's {@code output.log} keeps every line; the
 * agent's log gets a burst, then a steady trickle, and a note of what it left out.
 *
 * <p>A token bucket on the caller's clock; thread-safe (stdout and stderr are pumped by two threads).
 */
final class OutputLogBudget {

    static final int BURST = 500;
    static final int PER_SECOND = 200;

    private final double burst;
    private final double perNano;
    private double tokens;
    private long lastNanos;
    private long skipped;
    private long lastNoteNanos;

    OutputLogBudget(int burst, int perSecond, long nowNanos) {
        this.burst = burst;
        this.perNano = perSecond / 1e9;
        this.tokens = burst;
        this.lastNanos = nowNanos;
        this.lastNoteNanos = nowNanos;
    }

    /**
     * @return -1 if this line is not to be logged; otherwise how many lines were left out that the
     *         caller should now say it left out (0 normally; notes come at most once a second, so that
     *         they do not become a flood of their own)
     */
    synchronized long admit(long nowNanos) {
        tokens = Math.min(burst, tokens + Math.max(0, nowNanos - lastNanos) * perNano);
        lastNanos = nowNanos;
        if (tokens < 1) {
            skipped++;
            return -1;
        }
        tokens -= 1;
        if (skipped == 0 || nowNanos - lastNoteNanos < 1_000_000_000L) {
            return 0;
        }
        long note = skipped;
        skipped = 0;
        lastNoteNanos = nowNanos;
        return note;
    }

    /** Lines left out and not yet noted. */
    synchronized long skipped() {
        return skipped;
    }

    /** Lines left out and not yet noted, which the caller now notes: the count starts again from zero. */
    synchronized long takeSkipped() {
        long note = skipped;
        skipped = 0;
        return note;
    }
}
