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
}
