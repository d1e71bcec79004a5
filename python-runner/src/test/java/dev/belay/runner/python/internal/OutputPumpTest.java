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
            new OutputPump(new ByteArrayInputStream(latin1), OutputListener.Stream.STDERR, log, (s, at, l) -> lines.add(l),
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
                    log, (s, at, l) -> { }, Clock.systemUTC()).run();
            // Not closed yet: a person tailing the file during a long job must see what came so far.
            assertThat(java.nio.file.Files.readString(file)).endsWith(" OUT first\n");
        }
    }
}
