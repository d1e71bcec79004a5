package dev.belay.runner.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.belay.runner.OutputListener;
import dev.belay.runner.ScriptResult;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * 50 MiB on stdout and 50 MiB on stderr at once. This class runs in its own Failsafe execution with
 * a 32 MiB heap (see the module pom): a runner that buffered output would die of OutOfMemoryError,
 * so passing here is the proof that memory stays bounded whatever the script writes.
 */
@ExtendWith(AbortLeftovers.class)
class HugeOutputIT {

    private static final long LINES_PER_STREAM = 50L * 1024 * 1024 / 100;

    @TempDir
    Path tmp;

    @Test
    void fiftyMegabytesOnEachStreamAtOnceCompleteWithEveryLineAndABoundedHeap() throws Exception {
        long maxHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
        assertThat(maxHeap).as("run by the bounded-heap execution (-Xmx32m)").isLessThanOrEqualTo(40L * 1024 * 1024);
        Fixture f = new Fixture(tmp);
        Counter counter = new Counter();

        ScriptResult r = Fixture.await(f.start(f.launch("huge_output"), counter));

        assertThat(r).isEqualTo(new ScriptResult.Exited(0, r.duration(), 0));
        // One cut 200 KiB line, then the 100-byte lines, on each stream.
        assertThat(counter.out.get()).isEqualTo(LINES_PER_STREAM + 1);
        assertThat(counter.err.get()).isEqualTo(LINES_PER_STREAM + 1);
        assertThat(counter.cut.get()).isEqualTo(2);
        assertThat(counter.wrong.get()).isZero();
        assertThat(Files.size(f.jobDir.resolve("output.log"))).isGreaterThan(100L * 1024 * 1024);
    }

    private static final class Counter implements OutputListener {
        final AtomicLong out = new AtomicLong();
        final AtomicLong err = new AtomicLong();
        final AtomicLong cut = new AtomicLong();
        final AtomicLong wrong = new AtomicLong();

        @Override
        public void onLine(Stream stream, Instant at, String line) {
            (stream == Stream.STDOUT ? out : err).incrementAndGet();
            if (line.endsWith(dev.belay.runner.python.internal.OutputPump.CUT_MARKER)) {
                cut.incrementAndGet();
            } else if (line.length() != 99) {
                wrong.incrementAndGet();
            }
        }
    }
}
