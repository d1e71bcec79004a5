package dev.belay.runner.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.belay.runner.OutputListener;
import dev.belay.runner.RunningScript;
import dev.belay.runner.ScriptResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(AbortLeftovers.class)
class OutputAndWorldIT {

    @TempDir
    Path tmp;

    @Test
    void grandchildHoldingStdoutIsKilledAndTheJobCompletesWithinThreeSecondsOfTheScriptsExit() {
        Fixture f = new Fixture(tmp);
        Fixture.Lines lines = new Fixture.Lines();
        RunningScript s = f.start(f.launch("grandchild_holds_stdout"), lines);
        ScriptResult r = Fixture.await(s);
        Instant completed = Instant.now();

        long grandchild = Long.parseLong(lines.startingWith("GRANDCHILD ").get(0).substring("GRANDCHILD ".length()));
        Instant scriptExit = Instant.ofEpochMilli(Long.parseLong(lines.value("EXIT_AT_MS").orElseThrow()));
        assertThat(r).isEqualTo(new ScriptResult.Exited(0, r.duration(), 1));
        assertThat(Fixture.aliveInProc(grandchild)).isFalse();
        // The bound is 3 s; the script's own timestamp is taken just before it exits.
        assertThat(Duration.between(scriptExit, completed)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void jobCompletesWithinThreeSecondsOfTheScriptsExitEvenWhenAnUnfindableProcessHoldsThePipes() {
        Fixture f = new Fixture(tmp);
        Fixture.Lines lines = new Fixture.Lines();
        RunningScript s = f.start(f.launch("unfindable_holds_stdout"), lines);
        long unfindable = -1;
        try {
            ScriptResult r = Fixture.await(s);
            Instant completed = Instant.now();
            unfindable = Long.parseLong(lines.value("UNFINDABLE").orElseThrow());
            Instant scriptExit = Instant.ofEpochMilli(Long.parseLong(lines.value("EXIT_AT_MS").orElseThrow()));
            assertThat(r).isInstanceOf(ScriptResult.Exited.class);
            assertThat(Duration.between(scriptExit, completed)).isLessThan(Duration.ofSeconds(3));
        } finally {
            if (unfindable > 0) {
                ProcessHandle.of(unfindable).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void scriptSeesTheVendorArgumentTheEnvironmentAndItsOwnFolder() throws Exception {
        Fixture f = new Fixture(tmp);
        Fixture.Lines lines = new Fixture.Lines();
        ScriptResult r = Fixture.await(f.start(f.launch("world"), lines));
        assertThat(r).isInstanceOf(ScriptResult.Exited.class);
        assertThat(lines.stderr).isEmpty();

        Path script = f.scriptsDir.toRealPath().resolve("world.py");
        assertThat(lines.value("ARGC")).contains("2");
        assertThat(lines.value("ARGV1")).contains("pv-0002|job-0001|task-0003|" + tmp.resolve("settings.txt"));
        assertThat(lines.value("ARGV0")).contains(script.toString());
        assertThat(lines.value("FILE")).contains(script.toString());
        assertThat(lines.value("NAME")).contains("__main__");
        assertThat(lines.value("CWD")).contains(f.scriptsDir.toRealPath().toString());
        assertThat(lines.value("SYSPATH0")).contains(f.scriptsDir.toRealPath().toString());
        assertThat(lines.value("ENV_ROBOT_GUID")).contains("robot-secret-0004");
        assertThat(lines.value("ENV_ROBOT_ORCHESTRATOR_URL")).contains("https://orch.example:443");
        assertThat(lines.value("ENV_ROBOT_JOB_GUID")).contains("job-0001");
        assertThat(lines.value("ENV_ROBOT_PROCESS_VERSION_GUID")).contains("pv-0002");
        assertThat(lines.value("ENV_ROBOT_TASK_FILE")).contains(f.jobDir.resolve("task.json").toAbsolutePath().toString());
        assertThat(lines.value("ENV_ROBOT_STOP_FILE")).contains(f.jobDir.resolve("stop").toAbsolutePath().toString());
        assertThat(lines.value("ENV_PYTHONUNBUFFERED")).contains("1");
        assertThat(lines.value("ENV_PYTHONIOENCODING")).contains("utf-8");
        assertThat(lines.value("ENV_PYTHONPATH").orElseThrow()).startsWith(tmp.resolve("cache").toString());
        assertThat(lines.value("STDIN")).contains("''"); // the control channel is not the script's stdin
        assertThat(lines.value("HELPER")).contains("job-0001");
        assertThat(Files.readString(f.jobDir.resolve("output.log"))).contains(" OUT NAME=__main__");
    }

    @Test
    void nonAsciiOutputArrivesDecoded() throws Exception {
        Fixture f = new Fixture(tmp);
        Files.writeString(f.scriptsDir.resolve("unicode.py"),
                "import sys\nprint('Zoë — 東京 ✓ 🎉')\nsys.stdout.flush()\nsys.stdout.buffer.write(b'bad \\xff byte\\r\\nno newline at end')\n");
        Fixture.Lines lines = new Fixture.Lines();
        Fixture.await(f.start(f.launch("unicode"), lines));
        assertThat(lines.stdout).containsExactly("Zoë — 東京 ✓ 🎉", "bad \uFFFD byte", "no newline at end");
    }

    @Test
    void listenerThatThrowsDoesNotBreakTheRun() {
        Fixture f = new Fixture(tmp);
        OutputListener rude = (stream, at, line) -> {
            throw new IllegalStateException("listener bug");
        };
        ScriptResult r = Fixture.await(f.start(f.launch("exit3"), rude));
        assertThat(r).isEqualTo(new ScriptResult.Exited(3, r.duration(), 0));
    }
}
