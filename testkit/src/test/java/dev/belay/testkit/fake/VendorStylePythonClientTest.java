package dev.belay.testkit.fake;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.belay.testkit.fake.FakeOrchestratorAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The fake is compatible with the vendor's own example, not only with our client: a standard-library
 * Python robot written the way the vendor's example is completes a job with no violation.
 */
class VendorStylePythonClientTest {

    static final String ROBOT = "7e57ab1e-0000-4000-8000-00000000c0de";

    @RegisterExtension
    static FakeOrchestratorExtension ext = FakeOrchestratorExtension.with(FakeOrchestrator.builder()
            .robot(ROBOT).minHeartbeatInterval(Duration.ofMillis(200)));

    @Test
    void vendorStyleClientCompletesAJobWithNoViolations(FakeOrchestrator fake) throws Exception {
        String python = findPython();
        assumeTrue(python != null, "python3 is not on PATH");
        String job = fake.enqueue(FakeJob.builder("invoices\\load_invoices").task("{\"Invoice\":\"Ä-42\",\"Lines\":[1,2]}").build());

        Process p = new ProcessBuilder(python, script().toString(), fake.baseUrl(), ROBOT, "0.25")
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ended) {
            p.destroyForcibly();
        }
        assertThat(ended).as("the Python robot ended").isTrue();
        assertThat(p.exitValue()).as("exit code; output:%n%s", output).isZero();

        JsonNode seen = RawRobot.JSON.readTree(output.lines().reduce((a, b) -> b).orElse("{}"));
        assertThat(seen.get("job").asText()).isEqualTo(job);
        assertThat(seen.get("script").asText()).isEqualTo("invoices\\load_invoices");
        assertThat(seen.get("task").get("Invoice").asText()).isEqualTo("Ä-42");

        assertThat(fake).hasNoViolations().job(job).hasStatusHistory(8, 4);
        assertThat(fake).requests().extracting(JournalEntry::endpoint).containsExactly(Endpoint.HEARTBEAT,
                Endpoint.CONSUME_NEXT_JOB, Endpoint.JOB_UPDATE, Endpoint.JOB_UPDATE, Endpoint.HEARTBEAT);
    }

    private static Path script() throws URISyntaxException {
        return Path.of(VendorStylePythonClientTest.class.getResource("/vendor-client/vendor_style_robot.py").toURI());
    }

    static String findPython() {
        for (String name : List.of("python3", "python")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                File f = new File(dir, name);
                if (f.canExecute()) {
                    return f.getAbsolutePath();
                }
            }
        }
        return null;
    }
}
