package dev.belay.runner.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.belay.runner.OutputListener;
import dev.belay.runner.RunningScript;
import dev.belay.runner.ScriptResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hostile name is refused before anything runs. Each name would reach a canary script if it were
 * followed (a canary outside the folder, a canary named like a device, a symlink to the outside canary),
 * so a missing canary file proves that nothing was executed.
 */
@ExtendWith(AbortLeftovers.class)
class HostileNamesIT {

    @TempDir
    static Path shared;

    static Stream<String> hostileNames() {
        return Stream.of(
                "", "   ", "/etc/passwd", "\\outside", "/outside",
                "C:\\scripts\\canary", "c:canary", "\\\\server\\share\\canary", "//server/share/canary",
                "../outside", "..\\outside", "sub/../../outside", "sub\\..\\..\\outside", "./../outside",
                "canary\u0000", "canary\u0000.py", "canary\n", "canary\u001b", "canary\u0085",
                "con", "CON.py", "nul", "Com1", "lpt9.py", "aux.tar.gz", "con .py", "sub/con/canary",
                "canary.", "canary ", "canary.py.", "sub./canary",
                "canary:stream", "canary?", "canary*", "can<ary", "~/canary",
                "link_out", "dirlink/outside", "sub//canary", ".", "..", "sub/..", ".py");
    }

    private static Fixture f;
    private static Path canary;
    private static String task;

    @BeforeAll
    static void targetsAHostileNameCouldReachIfItWereFollowed() throws Exception {
        f = new Fixture(shared);
        canary = shared.resolve("canary-file");
        task = ExitCodesAndFailuresIT.canaryTask(canary);
        Files.copy(f.scriptsDir.resolve("canary.py"), shared.resolve("outside.py"));
        for (String device : new String[] {"con.py", "CON.py", "nul.py", "Com1.py", "lpt9.py", "aux.tar.gz.py", "con .py"}) {
            Files.copy(f.scriptsDir.resolve("canary.py"), f.scriptsDir.resolve(device));
        }
        Files.createDirectories(f.scriptsDir.resolve("sub/con"));
        Files.copy(f.scriptsDir.resolve("canary.py"), f.scriptsDir.resolve("sub/con/canary.py"));
        Files.copy(f.scriptsDir.resolve("canary.py"), f.scriptsDir.resolve("canary.py.py"));
        Files.createSymbolicLink(f.scriptsDir.resolve("link_out.py"), shared.resolve("outside.py"));
        Files.createSymbolicLink(f.scriptsDir.resolve("dirlink"), shared);
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void hostileNameFailsToStartAndRunsNothing(String name) {
        RunningScript s = f.start(f.launch(name, task), OutputListener.NONE);
        ScriptResult r = Fixture.await(s);

        assertThat(r).as("result for %s", name).isInstanceOf(ScriptResult.FailedToStart.class);
        assertThat(((ScriptResult.FailedToStart) r).reason()).isNotBlank();
        assertThat(s.process()).isEmpty();
        assertThat(canary).as("canary for %s", name).doesNotExist();
        assertThat(f.jobDir.resolve("output.log")).doesNotExist();
    }
}
