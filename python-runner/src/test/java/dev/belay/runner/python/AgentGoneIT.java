package dev.belay.runner.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.belay.runner.python.internal.BootstrapFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's death, as the bootstrap sees it: its control pipe reaches EOF. Simulated by closing the
 * bootstrap's stdin without any runner involved, the way a crashed JVM would.
 */
class AgentGoneIT {

    @TempDir
    Path tmp;

    private Process bootstrap;
    private final List<Long> toCleanUp = new java.util.ArrayList<>();

    @AfterEach
    void killWhatIsLeft() {
        toCleanUp.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        if (bootstrap != null) {
            bootstrap.destroyForcibly();
        }
    }

    @Test
    void bootstrapTakesTheWholeRunDownWhenItsAgentVanishes() throws Exception {
        Path out = start("tree", "30");
        Fixture.awaitTrue("four PID lines", Duration.ofSeconds(20), () -> pidLines(out).size() == 4);
        Map<String, Long> pids = pidLines(out);
        toCleanUp.addAll(pids.values());

        bootstrap.getOutputStream().close(); // the agent is gone

        Fixture.awaitTrue("every process of the run gone from /proc", Duration.ofSeconds(20),
                () -> pids.values().stream().noneMatch(Fixture::aliveInProc));
        assertThat(Files.exists(tmp.resolve("stop"))).as("stop file for scripts that poll it").isTrue();
    }

    @Test
    void bootstrapKillsAScriptThatIgnoresTheStopWhenTheOrphanGraceRunsOut() throws Exception {
        Path out = start("ignore_stop", "0.5");
        Fixture.awaitTrue("READY", Duration.ofSeconds(20), () -> read(out).contains("READY"));

        bootstrap.getOutputStream().close();

        Fixture.awaitTrue("the script gone from /proc", Duration.ofSeconds(20), () -> !Fixture.aliveInProc(bootstrap.pid()));
    }

    @Test
    void anInterpreterStartedAheadEndsByItselfWhenItsAgentVanishesBeforeItsJob() throws Exception {
        Process standby = standby();
        bootstrap = standby;
        standby.getOutputStream().close(); // the agent is gone before any job came

        assertThat(standby.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).as("the interpreter ended by itself").isTrue();
        assertThat(standby.exitValue()).isZero();
    }

    @Test
    void anUnreadableJobLineEndsTheInterpreterStartedAheadWithExit2AndSaysWhy() throws Exception {
        for (String line : List.of("job {not json", "job {\"script\": 1, \"argument\": \"a\", \"env\": {}}",
                "job {\"script\": \"s.py\", \"argument\": \"a\", \"env\": {\"A\": 1}}", "job []")) {
            Process standby = standby();
            bootstrap = standby;
            OutputStream control = standby.getOutputStream();
            control.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            control.flush();

            assertThat(standby.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).as(line).isTrue();
            assertThat(standby.exitValue()).as(line).isEqualTo(2);
            assertThat(new String(standby.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).as(line)
                    .contains("unreadable job line");
            control.close();
        }
    }

    private Process standby() throws IOException {
        Path py = new BootstrapFiles(tmp.resolve("cache")).folder();
        ProcessBuilder pb = new ProcessBuilder(Fixture.PYTHON, "-u", py.resolve(BootstrapFiles.BOOTSTRAP).toString(), "--standby")
                .directory(tmp.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put(CPythonRunner.RUN_MARKER, UUID.randomUUID().toString());
        Process p = pb.start();
        toCleanUp.add(p.pid());
        return p;
    }

    private Path start(String script, String orphanGrace) throws IOException {
        Fixture f = new Fixture(tmp.resolve("f"));
        Path py = new BootstrapFiles(tmp.resolve("cache")).folder();
        Path out = tmp.resolve("out.txt");
        ProcessBuilder pb = new ProcessBuilder(Fixture.PYTHON, "-u", py.resolve(BootstrapFiles.BOOTSTRAP).toString(),
                f.scriptsDir.resolve(script + ".py").toString(), "pv|job|task|")
                .directory(f.scriptsDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(tmp.resolve("err.txt").toFile());
        pb.environment().put(CPythonRunner.RUN_MARKER, UUID.randomUUID().toString());
        pb.environment().put("BELAY_ORPHAN_GRACE_SECONDS", orphanGrace);
        pb.environment().put("ROBOT_STOP_FILE", tmp.resolve("stop").toString());
        bootstrap = pb.start();
        toCleanUp.add(bootstrap.pid());
        OutputStream control = bootstrap.getOutputStream();
        control.write("go\n".getBytes(StandardCharsets.US_ASCII));
        control.flush();
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static Map<String, Long> pidLines(Path out) {
        Map<String, Long> pids = new HashMap<>();
        for (String line : read(out).split("\n")) {
            String[] parts = line.split(" ");
            if (parts.length == 3 && parts[0].equals("PID")) {
                pids.put(parts[1], Long.parseLong(parts[2]));
            }
        }
        return pids;
    }
}
