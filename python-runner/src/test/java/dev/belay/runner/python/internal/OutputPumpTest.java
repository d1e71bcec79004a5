package dev.belay.runner.python.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.belay.runner.OutputListener;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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
    void theOutputLogKeepsTheBytesTheScriptWroteWithTheLines(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("output.log");
        List<String> lines = new ArrayList<>();
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xe9, '\r', '\n', 'o', 'k', '\n'};
        try (OutputLog log = new OutputLog(file)) {
            new OutputPump(new ByteArrayInputStream(latin1), OutputListener.Stream.STDERR, log.stream(OutputListener.Stream.STDERR), (s, at, l) -> lines.add(l),
                    Clock.systemUTC()).run();
        }
        assertThat(lines).containsExactly("caf\uFFFD", "ok");
        byte[] written = java.nio.file.Files.readAllBytes(file);
        String[] logLines = new String(written, StandardCharsets.ISO_8859_1).split("\n");
        assertThat(logLines).hasSize(2);
        assertThat(logLines[0]).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z ERR caf\u00e9");
        assertThat(logLines[1]).endsWith(" ERR ok");
        java.time.Instant.parse(logLines[0].substring(0, logLines[0].indexOf(' ')));
    }

    @Test
    void theOutputLogIsWrittenThroughWheneverThePumpCatchesUp(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("output.log");
        try (OutputLog log = new OutputLog(file)) {
            new OutputPump(new ByteArrayInputStream("first\n".getBytes(StandardCharsets.UTF_8)), OutputListener.Stream.STDOUT,
                    log.stream(OutputListener.Stream.STDOUT), (s, at, l) -> { }, Clock.systemUTC()).run();
            // Not closed yet: a person tailing the file during a long job must see what came so far.
            assertThat(java.nio.file.Files.readString(file)).endsWith(" OUT first\n");
        }
    }

    /** Hands out at most {@code chunk} bytes a read, as a pipe does when the script writes in pieces. */
    private static java.io.InputStream trickling(byte[] bytes, int chunk) {
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
            public void onLine(Stream stream, java.time.Instant at, String line) {
                throw new AssertionError("the runner decoded a line the listener wanted as bytes");
            }

            @Override
            public void onLine(Stream stream, java.time.Instant at, byte[] bytes, int offset, int length) {
                seen.add(new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
            }
        };
        byte[] input = {'a', (byte) 0xe9, '\n', 'b', '\r', '\n'};
        new OutputPump(new ByteArrayInputStream(input), OutputListener.Stream.STDOUT, bytesOnly, Clock.systemUTC()).run();
        assertThat(seen).containsExactly("a\u00e9", "b");
    }

    @Test
    void theOutputLogKeepsEachStreamInOrderAndLinesLongerThanItsBuffer(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("output.log");
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
            assertThat(o.awaitEnd(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(e.awaitEnd(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        List<String> lines = java.nio.file.Files.readAllLines(file);
        List<String> outLines = lines.stream().filter(l -> l.contains(" OUT ")).map(l -> l.substring(l.indexOf(" OUT ") + 5)).toList();
        List<String> errLines = lines.stream().filter(l -> l.contains(" ERR ")).map(l -> l.substring(l.indexOf(" ERR ") + 5)).toList();
        assertThat(lines).hasSize(6002);
        assertThat(outLines.subList(0, 3000)).isEqualTo(java.util.stream.IntStream.range(0, 3000).mapToObj(i -> "out " + i).toList());
        assertThat(outLines.get(3000)).isEqualTo("z".repeat(OutputPump.MAX_LINE_BYTES) + OutputPump.CUT_MARKER);
        assertThat(outLines.get(3001)).isEqualTo("after");
        assertThat(errLines).isEqualTo(java.util.stream.IntStream.range(0, 3000).mapToObj(i -> "err " + i).toList());
    }
}
