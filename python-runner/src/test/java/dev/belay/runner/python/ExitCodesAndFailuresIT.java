package dev.belay.runner.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.belay.runner.OutputListener;
import dev.belay.runner.RunnerOptions;
import dev.belay.runner.RunningScript;
import dev.belay.runner.ScriptResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(AbortLeftovers.class)
class ExitCodesAndFailuresIT {

    @TempDir
    Path tmp;

    @Test
    void exitCodeZeroIsExitedZero() {
        Fixture f = new Fixture(tmp);
        Fixture.Lines lines = new Fixture.Lines();
        ScriptResult r = Fixture.await(f.start(f.launch("exit0"), lines));
        assertThat(r).isInstanceOf(ScriptResult.Exited.class);
        assertThat(((ScriptResult.Exited) r).exitCode()).isZero();
        assertThat(r.leftoverProcessesKilled()).isZero();
        assertThat(lines.stdout).containsExactly("hello from exit0");
    }

    @Test
    void exitCodeOneIsExitedOneWithItsStderr() throws Exception {
        Fixture f = new Fixture(tmp);
        Fixture.Lines lines = new Fixture.Lines();
        ScriptResult r = Fixture.await(f.start(f.launch("exit1.py"), lines));
        assertThat(r).isEqualTo(new ScriptResult.Exited(1, r.duration(), 0));
        assertThat(lines.stderr).containsExactly("failing on purpose");
        assertThat(Files.readString(f.jobDir.resolve("output.log"))).contains(" ERR failing on purpose");
    }

    @Test
    void uncaughtExceptionIsExitedOneWithATracebackThatStartsAtTheScript() {
        Fixture f = new Fixture(tmp);
        Fixture.Lines lines = new Fixture.Lines();
        ScriptResult r = Fixture.await(f.start(f.launch("raises"), lines));
        assertThat(r).isEqualTo(new ScriptResult.Exited(1, r.duration(), 0));
        assertThat(lines.stderr.get(0)).isEqualTo("Traceback (most recent call last):");
        assertThat(lines.stderr.get(1)).contains("raises.py").contains("<module>");
        assertThat(lines.stderr).noneMatch(l -> l.contains("belay_bootstrap") || l.contains("runpy"));
        assertThat(lines.stderr.get(lines.stderr.size() - 1)).isEqualTo("ValueError: broken on purpose");
    }

    @Test
    void exitCodeThreeIsExitedThree() {
        Fixture f = new Fixture(tmp);
        ScriptResult r = Fixture.await(f.start(f.launch("exit3"), OutputListener.NONE));
        assertThat(r).isEqualTo(new ScriptResult.Exited(3, r.duration(), 0));
    }

    @Test
    void scriptKilledBySignalIsExited128PlusSignal() {
        Fixture f = new Fixture(tmp);
        ScriptResult r = Fixture.await(f.start(f.launch("killed_by_signal"), OutputListener.NONE));
        assertThat(r).isEqualTo(new ScriptResult.Exited(128 + 9, r.duration(), 0));
    }

    @Test
    void nestedScriptWithBackslashesRuns() {
        Fixture f = new Fixture(tmp);
        Fixture.Lines lines = new Fixture.Lines();
        ScriptResult r = Fixture.await(f.start(f.launch("sub\\nested"), lines));
        assertThat(r).isInstanceOf(ScriptResult.Exited.class);
        assertThat(lines.stdout).containsExactly("NESTED");
    }

    @Test
    void venvInTheScriptsFolderIsUsedWhenNoInterpreterIsConfigured() throws Exception {
        Fixture f = new Fixture(tmp, RunnerOptions.defaults());
        Path bin = Files.createDirectories(f.scriptsDir.resolve(".venv/bin"));
        // A stand-in venv interpreter that leaves a mark, then runs the real one.
        Files.writeString(bin.resolve("python"), "#!/bin/sh\ntouch \"" + tmp.resolve("venv-used") + "\"\nexec \""
                + Fixture.PYTHON + "\" \"$@\"\n");
        bin.resolve("python").toFile().setExecutable(true);
        ScriptResult r = Fixture.await(f.start(f.launch("exit3"), OutputListener.NONE));
        assertThat(r).isEqualTo(new ScriptResult.Exited(3, r.duration(), 0));
        assertThat(tmp.resolve("venv-used")).exists();
    }

    @Test
    void missingScriptFailsToStart() {
        Fixture f = new Fixture(tmp);
        ScriptResult r = Fixture.await(f.start(f.launch("no_such_script"), OutputListener.NONE));
        assertThat(r).isInstanceOf(ScriptResult.FailedToStart.class);
        assertThat(((ScriptResult.FailedToStart) r).reason()).contains("script not found");
    }

    @Test
    void missingInterpreterPathFailsToStartAndRunsNothing() {
        Fixture f = new Fixture(tmp, RunnerOptions.withInterpreter(List.of(tmp.resolve("nowhere/python3").toString())));
        Path canary = tmp.resolve("canary");
        RunningScript s = f.start(f.launch("canary", canaryTask(canary)), OutputListener.NONE);
        ScriptResult r = Fixture.await(s);
        assertThat(r).isInstanceOf(ScriptResult.FailedToStart.class);
        assertThat(((ScriptResult.FailedToStart) r).reason()).contains("interpreter");
        assertThat(s.process()).isEmpty();
        assertThat(canary).doesNotExist();
    }

    @Test
    void interpreterMissingFromPathFailsToStartAndRunsNothing() {
        Fixture f = new Fixture(tmp, RunnerOptions.withInterpreter(List.of("belay-no-such-python-3", "-3")));
        Path canary = tmp.resolve("canary");
        ScriptResult r = Fixture.await(f.start(f.launch("canary", canaryTask(canary)), OutputListener.NONE));
        assertThat(r).isInstanceOf(ScriptResult.FailedToStart.class);
        assertThat(((ScriptResult.FailedToStart) r).reason()).contains("belay-no-such-python-3");
        assertThat(canary).doesNotExist();
    }

    @Test
    void canaryScriptRunsWhenTheNameIsFine() {
        // The control for the hostile-name tests: the canary does prove execution.
        Fixture f = new Fixture(tmp);
        Path canary = tmp.resolve("canary");
        Fixture.await(f.start(f.launch("canary", canaryTask(canary)), OutputListener.NONE));
        assertThat(canary).exists();
    }

    static String canaryTask(Path canary) {
        return "{\"canary\": \"" + canary.toString().replace("\\", "\\\\") + "\"}";
    }
}
