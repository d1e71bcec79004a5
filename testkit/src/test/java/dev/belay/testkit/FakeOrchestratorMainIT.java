package dev.belay.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumingThat;

/** The packaged standalone jar starts, serves a job to a curl-driven exchange, and stops on SIGTERM. */
class FakeOrchestratorMainIT {

    static final String ROBOT = "11111111-2222-3333-4444-555555555555";
    static final String JOB = "aaaaaaaa-0000-4000-8000-000000000001";

    Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final List<String> all = new ArrayList<>();

    @AfterEach
    void killLeftover() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Test
    void standaloneJarServesAJobToCurlAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        Path jar = Path.of("target", "belay-fake-orchestrator.jar");
        assertThat(jar).as("the shaded jar (built in package, before Failsafe)").exists();
        Path jobs = dir.resolve("jobs.json");
        Files.writeString(jobs, "{\"robots\": [\"" + ROBOT + "\"], \"jobs\": [{\"script\": \"invoices\\\\load_invoices\","
                + " \"guid\": \"" + JOB + "\", \"task\": {\"Invoice\": 42}}]}");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-jar", jar.toString(), "--port", "0", "--jobs", jobs.toString(),
                "--min-heartbeat-interval", "10s").redirectErrorStream(true).start();
        process.getOutputStream().close();
        Thread reader = new Thread(this::pump, "fake-stdout");
        reader.setDaemon(true);
        reader.start();

        String listening = awaitLine("listening on port");
        Matcher m = Pattern.compile("listening on port (\\d+)").matcher(listening);
        assertThat(m.find()).isTrue();
        String base = "http://localhost:" + m.group(1);

        assumingThat(onPath("curl") != null, () -> {
            String auth = "Authorization: Basic " + Base64.getEncoder().encodeToString(ROBOT.getBytes(StandardCharsets.UTF_8));
            assertThat(curl("-H", auth, "-d", "RobotGUID=" + ROBOT, "-d", "Machine=CURL", "-d", "IP=127.0.0.1",
                    "-d", "MAC=AA-BB-CC-DD-EE-FF", "-d", "Status=2", "-d", "JobGUID=", "-d", "JobName=", "-d", "JobType=1",
                    base + "/api/robot/heartbeat")).contains("\"HasNewJob\":1");
            String consumed = curl("-H", auth, "-d", "RobotGUID=" + ROBOT, "-d", "Status=2", base + "/api/robot/consumeNextJob");
            assertThat(consumed).contains("\"ConsumeJobErrorCode\":0", JOB, "load_invoices", "\"Task\":\"{\\\"Invoice\\\":42}\"");
            assertThat(curl("-X", "PUT", "-H", auth, "-d", "guid=" + JOB, "-d", "status=8", base + "/api/job/update")).isEqualTo("[]");
            assertThat(curl("-X", "PUT", "-H", auth, "-d", "guid=" + JOB, "-d", "status=4", base + "/api/job/update")).isEqualTo("[]");
            awaitLine("status=4 -> 200 []");
        });

        // SIGTERM on POSIX. Not Process.destroy(): that also closes our end of its stdout, and the
        // summary the fake prints while stopping would be lost.
        process.toHandle().destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
        reader.join(10_000);
        String output = String.join("\n", all);
        assertThat(output).contains("Fake orchestrator stopped", "No protocol violations.");
        assumingThat(onPath("curl") != null, () -> assertThat(output).contains("history [8 In progress -> 4 Success]"));
        // 143 = terminated by SIGTERM after the shutdown hook ran; anything else means a crash.
        assertThat(process.exitValue()).as("output:%n%s", output).isIn(0, 143);
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (all) {
                    all.add(line);
                }
                lines.add(line);
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private String awaitLine(String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.contains(fragment)) {
                return line;
            }
            if (line == null && !process.isAlive()) {
                break;
            }
        }
        synchronized (all) {
            throw new AssertionError("no line containing '" + fragment + "' in:\n" + String.join("\n", all));
        }
    }

    private static String curl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(onPath("curl"), "-s", "-S", "--max-time", "20"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("curl %s: %s", cmd, out).isZero();
        return out;
    }

    private static String onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(d, name);
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }
}
