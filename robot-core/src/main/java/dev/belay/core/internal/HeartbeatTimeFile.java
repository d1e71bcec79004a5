package dev.belay.core.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;

/**
 * The time of the last heartbeat, in a small file of the state directory, so that an agent restarted at
 * once still keeps the heartbeat spacing.
 *
 * <p>It is written on every heartbeat, so it is written in place through one channel kept open, as a
 * record of fixed length: one positional write a heartbeat, where {@code Files.writeString} opened,
 * truncated, wrote and closed the file (a tenth of a heartbeat's CPU in an agent that still interprets
 * it; BENCHMARKS.md, fifth session). The fixed length means that no reader ever sees the tail of an
 * older, longer value; the text is the ISO-8601 instant, padded with spaces and ended by a newline, and
 * readers trim it (as they did the unpadded text, so both versions read each other's file).
 */
final class HeartbeatTimeFile implements Closeable {

    /** Longer than any instant of years 0–9999 ({@code 2026-11-29T10:36:30.123456789Z} is 30). */
    static final int RECORD_LENGTH = 40;

    private final Path file;
    /** Opened by the first write; null again after a failed write, so that the next one reopens it. */
    private FileChannel channel;

    HeartbeatTimeFile(Path file) {
        this.file = file;
    }

    /** The recorded time, or null if there is none or it cannot be read. */
    Instant read() {
        try {
            return Instant.parse(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    void write(Instant at) throws IOException {
        byte[] text = at.toString().getBytes(StandardCharsets.US_ASCII);
        if (text.length >= RECORD_LENGTH) {
            throw new IOException("instant too long for the record: " + at);
        }
        byte[] record = Arrays.copyOf(text, RECORD_LENGTH);
        Arrays.fill(record, text.length, RECORD_LENGTH - 1, (byte) ' ');
        record[RECORD_LENGTH - 1] = '\n';
        try {
            if (channel == null) {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                // Whatever was there before (an older agent's shorter text, or anything longer) goes.
                channel.truncate(RECORD_LENGTH);
            }
            ByteBuffer buffer = ByteBuffer.wrap(record);
            long position = 0;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing to save: the record is written or it is not.
            }
            channel = null;
        }
    }
}
