package dev.belay.runner.python.internal;

/**
 * One process as {@code /proc/<pid>/stat} shows it.
 *
 * @param startTicks start time in clock ticks since boot: with the pid, an identity that survives pid reuse
 */
record ProcEntry(long pid, char state, long ppid, long pgrp, long session, long startTicks) {

    /** A zombie ('Z') or dead ('X') process has already released everything; it only waits to be reaped. */
    boolean alive() {
        return state != 'Z' && state != 'X';
    }
}
