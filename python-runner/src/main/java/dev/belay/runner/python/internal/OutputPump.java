package dev.belay.runner.python.internal;

import dev.belay.runner.OutputListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains one of the script's streams on its own thread, from the moment the process exists, and hands
 * it on line by line. Memory is bounded whatever the script writes: one read buffer and one line of
 * at most {@link #MAX_LINE_BYTES}; the rest of a longer line is skipped and the line says so.
 *
 * <p>Lines are handed on as bytes, straight out of the read buffer where a line lies wholly in it: a
 * script may write hundreds of thousands of lines, and the pump must keep up with it or the script
 * blocks on a full pipe (BENCHMARKS.md, output). Decoding is the listener's business
 * ({@link OutputListener#onLine(OutputListener.Stream, Instant, byte[], int, int)}).
 */
public final class OutputPump implements Runnable {

    /** Longer lines are cut: 64 KiB of a line is plenty to read, and bounds what a line costs. */
    public static final int MAX_LINE_BYTES = 64 * 1024;
    public static final String CUT_MARKER = " …[line cut at 65536 bytes]";
    private static final byte[] CUT_MARKER_BYTES = CUT_MARKER.getBytes(StandardCharsets.UTF_8);
    /** A pipe holds 64 KiB on Linux: one read takes whatever the script has written so far. */
    private static final int READ_BYTES = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(OutputPump.class);

    private final InputStream in;
    private final OutputListener.Stream stream;
    private final RawLineSink rawSink;
    private final OutputListener listener;
    private final Clock clock;
    private final CountDownLatch done = new CountDownLatch(1);
    /**
     * A line that spans reads: up to one byte over the limit (a carriage return that may turn out to end
     * the line; anything else there makes the line a cut one), and room for the cut marker.
     */
    private final byte[] held = new byte[MAX_LINE_BYTES + 1 + CUT_MARKER_BYTES.length];
    private int heldLength;
    private boolean cutting;
    private volatile boolean detached;

    /**
     * Where the same lines go before the listener, as the bytes the script wrote: {@code bytes[offset,
     * offset + length)}, a carriage return before the newline removed, the cut marker appended to a cut
     * line. The array is reused for the next line: copy, never keep it.
     */
    public interface RawLineSink {
        void accept(OutputListener.Stream stream, Instant at, byte[] bytes, int offset, int length);

        /** The pump has handed on all the script has written so far and will now wait for more, or has ended. */
        default void drained() {
        }
    }

    public OutputPump(InputStream in, OutputListener.Stream stream, OutputListener listener, Clock clock) {
        this(in, stream, null, listener, clock);
    }

    /** @param rawSink called before {@code listener} for every line, or null */
    public OutputPump(InputStream in, OutputListener.Stream stream, RawLineSink rawSink, OutputListener listener, Clock clock) {
        this.in = in;
        this.stream = stream;
        this.rawSink = rawSink;
        this.listener = listener;
        this.clock = clock;
    }

    /** Starts the pump on its own platform thread (daemon: it must never keep the agent alive). */
    public OutputPump start(String threadName) {
        Thread t = new Thread(this, threadName);
        t.setDaemon(true);
        t.start();
        return this;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[READ_BYTES];
        Instant at = null;
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                // One time stamp per read: the lines of one read were in the pipe together.
                at = clock.instant();
                consume(buffer, n, at);
                if (rawSink != null && in.available() == 0) {
                    rawSink.drained();
                }
            }
        } catch (IOException e) {
            if (!detached) {
                log.debug("{} of the script closed: {}", stream, e.toString());
            }
        } finally {
            if (heldLength > 0 || cutting) {
                emitHeld(at != null ? at : clock.instant());
            }
            if (rawSink != null) {
                try {
                    rawSink.drained();
                } catch (RuntimeException e) {
                    log.warn("output log failed on {}", stream, e);
                }
            }
            done.countDown();
        }
    }

    /** Splits what was read into lines; a line that lies wholly in the buffer is handed on from there. */
    private void consume(byte[] buffer, int n, Instant at) {
        int from = 0;
        for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
                if (heldLength == 0 && !cutting) { // the whole line is in this read (shorter than the limit)
                    int end = i > from && buffer[i - 1] == '\r' ? i - 1 : i;
                    emit(buffer, from, end - from, at);
                } else {
                    hold(buffer, from, i - from);
                    emitHeld(at);
                }
                from = i + 1;
            }
        }
        hold(buffer, from, n - from);
    }

    private void hold(byte[] buffer, int from, int count) {
        int room = MAX_LINE_BYTES + 1 - heldLength;
        if (count > room) {
            cutting = true; // the rest of an over-long line is skipped
            count = room;
        }
        System.arraycopy(buffer, from, held, heldLength, count);
        heldLength += count;
    }

    /** The held line, ended by a newline or by the end of the stream. */
    private void emitHeld(Instant at) {
        int length = heldLength;
        boolean cut = cutting;
        heldLength = 0;
        cutting = false;
        if (!cut && length > 0 && held[length - 1] == '\r') {
            length--;
        }
        if (cut || length > MAX_LINE_BYTES) {
            System.arraycopy(CUT_MARKER_BYTES, 0, held, MAX_LINE_BYTES, CUT_MARKER_BYTES.length);
            length = MAX_LINE_BYTES + CUT_MARKER_BYTES.length;
        }
        emit(held, 0, length, at);
    }

    private void emit(byte[] bytes, int offset, int length, Instant at) {
        if (detached) {
            return;
        }
        try {
            if (rawSink != null) {
                rawSink.accept(stream, at, bytes, offset, length);
            }
            listener.onLine(stream, at, bytes, offset, length);
        } catch (RuntimeException e) {
            log.warn("output listener failed on a {} line; output continues", stream, e);
        }
    }

    /** Waits for the end of the stream, at most until the deadline; true if the stream ended. */
    public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        return done.await(timeout, unit);
    }

    /**
     * Stops delivering: after this no line reaches the sink. Used when an unknown process still holds the
     * pipe past the deadline; the stream is closed on a best-effort basis.
     */
    public void detach() {
        detached = true;
        try {
            in.close();
        } catch (IOException e) {
            // best effort
        }
    }
}
