package dev.belay.runner.python.internal;

import dev.belay.runner.OutputListener;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
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
final class OutputLog implements OutputPump.RawLineSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutputLog.class);
    private static final byte[] OUT = " OUT ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERR = " ERR ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CUT = OutputPump.CUT_MARKER.getBytes(StandardCharsets.UTF_8);

    private OutputStream out;
    private long stampMillis = Long.MIN_VALUE;
    private byte[] stamp;

    OutputLog(Path file) {
        try {
            out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE), 64 * 1024);
        } catch (IOException e) {
            log.warn("cannot open the output log {}; output still goes to the listener", file, e);
        }
    }

    @Override
    public synchronized void accept(OutputListener.Stream stream, Instant at, byte[] bytes, int length, boolean cut) {
        if (out == null) {
            return;
        }
        try {
            long millis = at.toEpochMilli();
            if (millis != stampMillis) {
                stampMillis = millis;
                stamp = Instant.ofEpochMilli(millis).toString().getBytes(StandardCharsets.US_ASCII);
            }
            out.write(stamp);
            out.write(stream == OutputListener.Stream.STDOUT ? OUT : ERR);
            out.write(bytes, 0, length);
            if (cut) {
                out.write(CUT);
            }
            out.write('\n');
        } catch (IOException e) {
            log.warn("writing the output log failed; the rest of the output is not logged to the file", e);
            closeQuietly();
        }
    }

    /** Writes what is buffered once a pump has caught up, so that a reader of the file sees every line so far. */
    @Override
    public synchronized void drained() {
        if (out == null) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            log.warn("writing the output log failed; the rest of the output is not logged to the file", e);
            closeQuietly();
        }
    }

    @Override
    public synchronized void close() {
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
