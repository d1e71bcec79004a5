package dev.belay.runner.python.internal;

import dev.belay.runner.OutputListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains one of the script's streams on its own thread, from the moment the process exists, and hands
 * it on line by line. Memory is bounded whatever the script writes: one read buffer and one line of
 * at most {@link #MAX_LINE_BYTES}; the rest of a longer line is skipped and the line says so.
 */
public final class OutputPump implements Runnable {

    /** Longer lines are cut: 64 KiB of a line is plenty to read, and bounds what a line costs. */
    public static final int MAX_LINE_BYTES = 64 * 1024;
    public static final String CUT_MARKER = " …[line cut at 65536 bytes]";

    private static final Logger log = LoggerFactory.getLogger(OutputPump.class);

    private final InputStream in;
    private final OutputListener.Stream stream;
    private final LineSink sink;
    private final Clock clock;
    private final CountDownLatch done = new CountDownLatch(1);
    private final byte[] line = new byte[MAX_LINE_BYTES];
    private int lineLength;
    private boolean cutting;
    private volatile boolean detached;

    /** Where lines go; called from this pump's thread only. */
    @FunctionalInterface
    public interface LineSink {
        void accept(OutputListener.Stream stream, java.time.Instant at, String line);
    }

    /**
     * Where the same lines go as the bytes the script wrote (before decoding): {@code bytes[0, length)},
     * a carriage return before the newline removed, {@code cut} if the line was longer than
     * {@link #MAX_LINE_BYTES}. The array is reused for the next line: copy, never keep it.
     */
    @FunctionalInterface
    public interface RawLineSink {
        void accept(OutputListener.Stream stream, java.time.Instant at, byte[] bytes, int length, boolean cut);

        /** The pump has handed on all the script has written so far and will now wait for more. */
        default void drained() {
        }
    }

    private final RawLineSink rawSink;

    public OutputPump(InputStream in, OutputListener.Stream stream, LineSink sink, Clock clock) {
        this(in, stream, null, sink, clock);
    }

    /** @param rawSink called before {@code sink} for every line, or null */
    public OutputPump(InputStream in, OutputListener.Stream stream, RawLineSink rawSink, LineSink sink, Clock clock) {
        this.in = in;
        this.stream = stream;
        this.rawSink = rawSink;
        this.sink = sink;
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
        byte[] buffer = new byte[16 * 1024];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                consume(buffer, n);
                if (rawSink != null && in.available() == 0) {
                    rawSink.drained();
                }
            }
        } catch (IOException e) {
            if (!detached) {
                log.debug("{} of the script closed: {}", stream, e.toString());
            }
        } finally {
            if (lineLength > 0 || cutting) {
                emit();
            }
            done.countDown();
        }
    }

    /** Splits what was read into lines, copying runs of bytes rather than one byte at a time. */
    private void consume(byte[] buffer, int n) {
        int from = 0;
        for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
                append(buffer, from, i - from);
                emit();
                from = i + 1;
            }
        }
        append(buffer, from, n - from);
    }

    private void append(byte[] buffer, int from, int count) {
        int room = MAX_LINE_BYTES - lineLength;
        if (count > room) {
            cutting = true; // the rest of an over-long line is skipped
            count = room;
        }
        System.arraycopy(buffer, from, line, lineLength, count);
        lineLength += count;
    }

    private void emit() {
        int length = lineLength;
        boolean cut = cutting;
        lineLength = 0;
        cutting = false;
        if (!cut && length > 0 && line[length - 1] == '\r') {
            length--;
        }
        if (detached) {
            return;
        }
        java.time.Instant at = clock.instant();
        try {
            if (rawSink != null) {
                rawSink.accept(stream, at, line, length, cut);
            }
            String text = decode(line, length);
            sink.accept(stream, at, cut ? text + CUT_MARKER : text);
        } catch (RuntimeException e) {
            log.warn("output listener failed on a {} line; output continues", stream, e);
        }
    }

    /** UTF-8; malformed input (or a character cut by the line limit) becomes U+FFFD, never an error. */
    static String decode(byte[] bytes, int length) {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
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
