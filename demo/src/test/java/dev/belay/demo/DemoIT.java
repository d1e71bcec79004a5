package dev.belay.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, as a person runs it (faster heartbeats, same jar, same jobs). */
class DemoIT {

    @TempDir
    Path dir;

    @Test
    void theDemoJarRunsEveryJobToItsExpectedEndAndPrintsTheTable() throws Exception {
        Path jar = Path.of(System.getProperty("belay.demo.jar", "target/belay-demo.jar"));
        Path output = dir.resolve("out.txt");
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--interval", "250ms")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();

        assertThat(demo.waitFor(120, TimeUnit.SECONDS)).as("the demo ends by itself").isTrue();
        String text = Files.readString(output, StandardCharsets.UTF_8);

        assertThat(demo.exitValue()).as(text).isZero();
        assertThat(text).contains("status history (seen by the orchestrator)")
                .containsPattern("success +invoices\\\\load_invoices +Success +Success +\\[8, 4]")
                .containsPattern("failure +reports/monthly_report +Failed +Failed +\\[8, 5]")
                .containsPattern("abort +portal\\\\crawl_portal +Aborted +Aborted +\\[8, 3]")
                .containsPattern("graceful stop +mail/sync_mailbox.py +Stopped +Stopped +\\[8, 7]")
                .contains("protocol violations: 0")
                .contains("every job ended as expected.");
    }
}
