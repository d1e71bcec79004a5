package dev.belay.runner.python.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.belay.runner.OutputListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputPumpTest {

    private static List<String> pump(byte[] input) {
        List<String> lines = new ArrayList<>();
        new OutputPump(new ByteArrayInputStream(input), OutputListener.Stream.STDOUT, (s, at, l) -> lines.add(l),
                Clock.systemUTC()).run();
        return lines;
    }

    @Test
    void splitsOnNewlinesAndDropsCarriageReturns() {
        assertThat(pump("a\nb\r\n\nlast".getBytes(StandardCharsets.UTF_8))).containsExactly("a", "b", "", "last");
    }

    @Test
    void decodesUtf8AndReplacesMalformedBytes() {
        byte[] bytes = {'o', 'k', (byte) 0xc3, (byte) 0xab, ' ', (byte) 0xff, '\n'};
        assertThat(pump(bytes)).containsExactly("okë \uFFFD");
    }

    @Test
    void cutsLinesOverTheLimitWithAMarkerAndKeepsGoing() {
        String longLine = "x".repeat(OutputPump.MAX_LINE_BYTES * 3 + 5);
        List<String> lines = pump((longLine + "\nnext\n").getBytes(StandardCharsets.UTF_8));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("x".repeat(OutputPump.MAX_LINE_BYTES) + OutputPump.CUT_MARKER);
        assertThat(lines.get(1)).isEqualTo("next");
    }

    @Test
    void aLineOfExactlyTheLimitIsNotCut() {
        String line = "y".repeat(OutputPump.MAX_LINE_BYTES);
        assertThat(pump((line + "\n").getBytes(StandardCharsets.UTF_8))).containsExactly(line);
    }

    @Test
    void aThrowingSinkLosesOnlyItsLine() {
        List<String> lines = new ArrayList<>();
        new OutputPump(new ByteArrayInputStream("boom\nfine\n".getBytes(StandardCharsets.UTF_8)), OutputListener.Stream.STDERR,
                (s, at, l) -> {
                    if (l.equals("boom")) {
                        throw new IllegalStateException("listener bug");
                    }
                    lines.add(l);
                }, Clock.systemUTC()).run();
        assertThat(lines).containsExactly("fine");
    }

    @Test
    void theOutputLogKeepsTheBytesTheScriptWroteWithTheLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("output.log");
        List<String> lines = new ArrayList<>();
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xe9, '\r', '\n', 'o', 'k', '\n'};
        try (OutputLog log = new OutputLog(file)) {
            new OutputPump(new ByteArrayInputStream(latin1), OutputListener.Stream.STDERR, log.stream(OutputListener.Stream.STDERR), (s, at, l) -> lines.add(l),
                    Clock.systemUTC()).run();
        }
        assertThat(lines).containsExactly("caf\uFFFD", "ok");
        byte[] written = Files.readAllBytes(file);
        String[] logLines = new String(written, StandardCharsets.ISO_8859_1).split("\n");
        assertThat(logLines).hasSize(2);
        assertThat(logLines[0]).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z ERR caf\u00e9");
        assertThat(logLines[1]).endsWith(" ERR ok");
        Instant.parse(logLines[0].substring(0, logLines[0].indexOf(' ')));
    }

    @Test
    void theOutputLogIsWrittenThroughWheneverThePumpCatchesUp(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("output.log");
        PipedOutputStream script = new PipedOutputStream();
        PipedInputStream pipe = new PipedInputStream(script, 4096);
        try (OutputLog log = new OutputLog(file)) {
            OutputPump pump = new OutputPump(pipe, OutputListener.Stream.STDOUT, log.stream(OutputListener.Stream.STDOUT),
                    OutputListener.NONE, Clock.systemUTC()).start("test-out");
            script.write("first\n".getBytes(StandardCharsets.UTF_8));
            script.flush();
            // The script is still running: a person tailing the file during a long job must see what came so far.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.readString(file).endsWith(" OUT first\n") && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(Files.readString(file)).endsWith(" OUT first\n");
            assertThat(pump.awaitEnd(0, TimeUnit.SECONDS)).as("the stream is still open").isFalse();
            script.close();
            assertThat(pump.awaitEnd(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void everyLineTheListenerGotIsInTheOutputLogWhenThePumpIsDetachedAndTheLogClosed(
            @TempDir Path dir) throws Exception {
        // An unknown process holds the pipe and keeps writing: the pump never catches up, then the
        // runner gives up on it (detach) and closes the log.
        Path file = dir.resolve("output.log");
        InputStream flood = new InputStream() {
            private volatile boolean closed;
            private long next;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public synchronized int read(byte[] b, int off, int len) throws IOException {
                if (closed) {
                    throw new IOException("closed");
                }
                byte[] line = ("line " + next++ + "\n").getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(line, 0, b, off, line.length);
                return line.length;
            }

            @Override
            public int available() throws IOException {
                if (closed) {
                    throw new IOException("closed");
                }
                return 1;
            }

            @Override
            public void close() {
                closed = true;
            }
        };
        AtomicLong heard = new AtomicLong();
        OutputListener counting = (s, at, l) -> heard.incrementAndGet();
        OutputLog log = new OutputLog(file);
        OutputPump pump = new OutputPump(flood, OutputListener.Stream.STDOUT, log.stream(OutputListener.Stream.STDOUT), counting,
                Clock.systemUTC()).start("test-flood");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (heard.get() < 20_000 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        pump.detach();
        log.close();
        assertThat(pump.awaitEnd(10, TimeUnit.SECONDS)).isTrue();
        long logged = Files.readAllLines(file).size();
        assertThat(heard.get()).isGreaterThanOrEqualTo(20_000);
        // At most the line in flight when the log was closed may be missing from the file.
        assertThat(logged).isBetween(heard.get() - 1, heard.get());
    }

    @Test
    void aLineOfExactlyTheLimitEndingInCrLfIsNotCutWhereverTheReadsEnd() {
        String line = "y".repeat(OutputPump.MAX_LINE_BYTES);
        byte[] input = (line + "\r\n" + line + "z\r\nnext\n").getBytes(StandardCharsets.UTF_8);
        for (int chunk : new int[] {OutputPump.MAX_LINE_BYTES, OutputPump.MAX_LINE_BYTES + 1, 1000, 4096, 65_000}) {
            List<String> lines = new ArrayList<>();
            new OutputPump(trickling(input, chunk), OutputListener.Stream.STDOUT, (s, at, l) -> lines.add(l), Clock.systemUTC()).run();
            assertThat(lines).as("%d bytes a read", chunk)
                    .containsExactly(line, line + OutputPump.CUT_MARKER, "next");
        }
    }

    /** Hands out at most {@code chunk} bytes a read, as a pipe does when the script writes in pieces. */
    private static InputStream trickling(byte[] bytes, int chunk) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    @Test
    void linesSplitAcrossReadsArriveWhole() {
        byte[] input = "first line\r\nsecond\r\n\nthird, unterminated".getBytes(StandardCharsets.UTF_8);
        for (int chunk = 1; chunk <= 12; chunk++) {
            List<String> lines = new ArrayList<>();
            new OutputPump(trickling(input, chunk), OutputListener.Stream.STDOUT, (s, at, l) -> lines.add(l),
                    Clock.systemUTC()).run();
            assertThat(lines).as("%d byte(s) a read", chunk).containsExactly("first line", "second", "", "third, unterminated");
        }
    }

    @Test
    void aListenerThatOverridesTheByteFormGetsTheLinesUndecoded() {
        List<String> seen = new ArrayList<>();
        OutputListener bytesOnly = new OutputListener() {
            @Override
            public void onLine(Stream stream, Instant at, String line) {
                throw new AssertionError("the runner decoded a line the listener wanted as bytes");
            }

            @Override
            public void onLine(Stream stream, Instant at, byte[] bytes, int offset, int length) {
                seen.add(new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
            }
        };
        byte[] input = {'a', (byte) 0xe9, '\n', 'b', '\r', '\n'};
        new OutputPump(new ByteArrayInputStream(input), OutputListener.Stream.STDOUT, bytesOnly, Clock.systemUTC()).run();
        assertThat(seen).containsExactly("a\u00e9", "b");
    }

    @Test
    void theOutputLogKeepsEachStreamInOrderAndLinesLongerThanItsBuffer(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("output.log");
        String longLine = "z".repeat(OutputPump.MAX_LINE_BYTES + 10);
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            out.append("out ").append(i).append('\n');
            err.append("err ").append(i).append('\n');
        }
        out.append(longLine).append("\nafter\n");
        try (OutputLog log = new OutputLog(file)) {
            OutputPump o = new OutputPump(trickling(out.toString().getBytes(StandardCharsets.UTF_8), 1000), OutputListener.Stream.STDOUT,
                    log.stream(OutputListener.Stream.STDOUT), OutputListener.NONE, Clock.systemUTC()).start("test-out");
            OutputPump e = new OutputPump(trickling(err.toString().getBytes(StandardCharsets.UTF_8), 700), OutputListener.Stream.STDERR,
                    log.stream(OutputListener.Stream.STDERR), OutputListener.NONE, Clock.systemUTC()).start("test-err");
            assertThat(o.awaitEnd(10, TimeUnit.SECONDS)).isTrue();
            assertThat(e.awaitEnd(10, TimeUnit.SECONDS)).isTrue();
        }
        List<String> lines = Files.readAllLines(file);
        List<String> outLines = lines.stream().filter(l -> l.contains(" OUT ")).map(l -> l.substring(l.indexOf(" OUT ") + 5)).toList();
        List<String> errLines = lines.stream().filter(l -> l.contains(" ERR ")).map(l -> l.substring(l.indexOf(" ERR ") + 5)).toList();
        assertThat(lines).hasSize(6002);
        assertThat(outLines.subList(0, 3000)).isEqualTo(IntStream.range(0, 3000).mapToObj(i -> "out " + i).toList());
        assertThat(outLines.get(3000)).isEqualTo("z".repeat(OutputPump.MAX_LINE_BYTES) + OutputPump.CUT_MARKER);
        assertThat(outLines.get(3001)).isEqualTo("after");
        assertThat(errLines).isEqualTo(IntStream.range(0, 3000).mapToObj(i -> "err " + i).toList());
    }
}
