package dev.belay.runner;

import java.time.Instant;

/**
 * Receives a script's output line by line. Called from the runner's reader threads, one call at a
 * time per stream; it must return quickly.
 */
@FunctionalInterface
public interface OutputListener {

    enum Stream { STDOUT, STDERR }

    /** Ignores everything. */
    OutputListener NONE = (stream, at, line) -> { };

    /**
     * @param line one line without its terminator; a line longer than the runner's limit arrives cut,
     *             ending with a marker that says so
     */
    void onLine(Stream stream, Instant at, String line);
}
