package dev.belay.runner.python.internal;

import dev.belay.runner.OutputListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's combined output file: {@code <instant> OUT|ERR <line>}, appended; the instant in ISO-8601
 * to the millisecond, the line as the bytes the script wrote (an encoding other than UTF-8 stays
 * readable in its own encoding, where the listener's decoded text shows U+FFFD). A failing disk
 * loses the log, never the job.
 *
 * <p>Written as bytes, with the time stamp formatted once per millisecond: a script may write
 * hundreds of thousands of lines, and re-encoding each line and formatting an {@code Instant} for it
 * cost more than everything else the agent does with a line (BENCHMARKS.md, output).
 */
final class OutputLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutputLog.class);
    private static final byte[] OUT = " OUT ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERR = " ERR ".getBytes(StandardCharsets.US_ASCII);
    private static final int BUFFER_BYTES = 64 * 1024;

    private OutputStream out; // guarded by this
    private final List<StreamBuffer> buffers = new CopyOnWriteArrayList<>();

    OutputLog(Path file) {
        try {
            out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            log.warn("cannot open the output log {}; output still goes to the listener", file, e);
        }
    }

    /**
     * The sink for one stream's pump. Each stream gathers its lines in a buffer of its own, under a lock
     * of its own (taken by its pump alone, except at {@link #close()}), and writes them to the file in
     * one piece when the buffer is full or its pump has caught up: lines of one stream stay in order,
     * and the two streams interleave by those pieces.
     */
    OutputPump.RawLineSink stream(OutputListener.Stream stream) {
        StreamBuffer buffer = new StreamBuffer(stream == OutputListener.Stream.STDOUT ? OUT : ERR);
        buffers.add(buffer);
        return buffer;
    }

    private final class StreamBuffer implements OutputPump.RawLineSink {
        private final byte[] tag;
        private final byte[] buffer = new byte[BUFFER_BYTES];
        private int used;
        private long stampMillis = Long.MIN_VALUE;
        private byte[] stamp;

        StreamBuffer(byte[] tag) {
            this.tag = tag;
        }

        @Override
        public synchronized void accept(OutputListener.Stream stream, Instant at, byte[] bytes, int offset, int length) {
            long millis = at.toEpochMilli();
            if (millis != stampMillis) {
                stampMillis = millis;
                stamp = Instant.ofEpochMilli(millis).toString().getBytes(StandardCharsets.US_ASCII);
            }
            int needed = stamp.length + tag.length + length + 1;
            if (used + needed > buffer.length) {
                drained();
            }
            if (needed > buffer.length) { // a line longer than the buffer goes out on its own
                writeLine(stamp, tag, bytes, offset, length);
                return;
            }
            System.arraycopy(stamp, 0, buffer, used, stamp.length);
            used += stamp.length;
            System.arraycopy(tag, 0, buffer, used, tag.length);
            used += tag.length;
            System.arraycopy(bytes, offset, buffer, used, length);
            used += length;
            buffer[used++] = '\n';
        }

        /** Writes what is gathered, so that a reader of the file sees every line so far. */
        @Override
        public synchronized void drained() {
            if (used > 0) {
                int n = used;
                used = 0;
                write(buffer, n);
            }
        }
    }

    private synchronized void write(byte[] bytes, int length) {
        if (out == null) {
            return;
        }
        try {
            out.write(bytes, 0, length);
        } catch (IOException e) {
            failed(e);
        }
    }

    private synchronized void writeLine(byte[] stamp, byte[] tag, byte[] bytes, int offset, int length) {
        if (out == null) {
            return;
        }
        try {
            out.write(stamp);
            out.write(tag);
            out.write(bytes, offset, length);
            out.write('\n');
        } catch (IOException e) {
            failed(e);
        }
    }

    /**
     * Writes what the streams have gathered and closes the file. A pump may still be running (detached
     * from a pipe that an unknown process holds): what it gathered so far is written; later lines are not.
     */
    @Override
    public void close() {
        for (StreamBuffer buffer : buffers) {
            buffer.drained(); // the stream's lock, then the file's: the order the pumps take them in
        }
        synchronized (this) {
            closeQuietly();
        }
    }

    private void failed(IOException e) {
        log.warn("writing the output log failed; the rest of the output is not logged to the file", e);
        closeQuietly();
    }

    private void closeQuietly() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                log.warn("closing the output log failed", e);
            }
            out = null;
        }
    }
}
