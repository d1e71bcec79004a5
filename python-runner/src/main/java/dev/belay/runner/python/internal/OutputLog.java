package dev.belay.runner.python.internal;

import dev.belay.runner.OutputListener;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's combined output file: {@code <instant> OUT|ERR <line>}, appended. A failing disk loses
 * the log, never the job.
 */
final class OutputLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutputLog.class);

    private BufferedWriter out;

    OutputLog(Path file) {
        try {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            log.warn("cannot open the output log {}; output still goes to the listener", file, e);
        }
    }

    synchronized void append(OutputListener.Stream stream, Instant at, String line) {
        if (out == null) {
            return;
        }
        try {
            out.write(at.toString());
            out.write(stream == OutputListener.Stream.STDOUT ? " OUT " : " ERR ");
            out.write(line);
            out.write('\n');
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
