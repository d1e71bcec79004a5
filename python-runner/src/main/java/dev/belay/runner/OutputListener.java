package dev.belay.runner;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Receives a script's output line by line. Called from the runner's reader threads, one call at a
 * time per stream; it must return quickly.
 *
 * <p>A runner hands each line to {@link #onLine(Stream, Instant, byte[], int, int)}, as the bytes the
 * script wrote; by default that decodes them and calls {@link #onLine(Stream, Instant, String)}. A
 * listener that does not need the text of every line (one that logs at a bounded rate, say) overrides
 * the byte form and decodes only the lines it keeps: a script may write hundreds of thousands of lines,
 * and decoding each one is most of what a line costs.
 */
@FunctionalInterface
public interface OutputListener {

    enum Stream { STDOUT, STDERR }

    /** Ignores everything, without decoding anything. */
    OutputListener NONE = new OutputListener() {
        @Override
        public void onLine(Stream stream, Instant at, String line) {
        }

        @Override
        public void onLine(Stream stream, Instant at, byte[] bytes, int offset, int length) {
        }
    };

    /**
     * @param line one line without its terminator; a line longer than the runner's limit arrives cut,
     *             ending with a marker that says so
     */
    void onLine(Stream stream, Instant at, String line);

    /**
     * The same line as {@link #onLine(Stream, Instant, String)}, before decoding: {@code bytes[offset,
     * offset + length)}, the terminator (and a carriage return before it) removed, the cut marker appended
     * in UTF-8 to a line that was cut. The array belongs to the runner and is reused once this returns:
     * copy what you need, never keep the array.
     *
     * <p>By default decodes the bytes as UTF-8 (malformed input becomes U+FFFD, never an error) and calls
     * {@link #onLine(Stream, Instant, String)}.
     */
    default void onLine(Stream stream, Instant at, byte[] bytes, int offset, int length) {
        onLine(stream, at, new String(bytes, offset, length, StandardCharsets.UTF_8));
    }
}
