package dev.belay.runner.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.belay.runner.ScriptLaunch;
import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CPythonRunnerTest {

    private static ScriptLaunch launch(Path settings) {
        return new ScriptLaunch(Path.of("scripts"), "job", "J", "PV", "T", "{}", "R", "https://o", Path.of("jobdir"), settings);
    }

    @Test
    void vendorArgumentIsPipeSeparatedWithAnEmptySettingsSlotWhenThereIsNone() {
        assertThat(CPythonRunner.vendorArgument(launch(null))).isEqualTo("PV|J|T|");
        assertThat(CPythonRunner.vendorArgument(launch(Path.of("s.txt")))).isEqualTo("PV|J|T|s.txt");
    }

    @Test
    void helperFolderGoesInFrontOfTheUsersPythonPath() {
        Map<String, String> env = new HashMap<>(Map.of("PYTHONPATH", "/user/lib"));
        CPythonRunner.environment(env, launch(null), Path.of("/cache/py"), "m", null);
        assertThat(env.get("PYTHONPATH")).isEqualTo("/cache/py" + File.pathSeparator + "/user/lib");
        assertThat(env.get(CPythonRunner.RUN_MARKER)).isEqualTo("m");
        assertThat(env).doesNotContainKey("BELAY_ORPHAN_GRACE_SECONDS");
    }

    @Test
    void withoutAUserPythonPathOnlyTheHelperFolderIsSet() {
        Map<String, String> env = new HashMap<>();
        CPythonRunner.environment(env, launch(null), Path.of("/cache/py"), "m", "5");
        assertThat(env.get("PYTHONPATH")).isEqualTo("/cache/py");
        assertThat(env.get("BELAY_ORPHAN_GRACE_SECONDS")).isEqualTo("5");
        assertThat(env.get("ROBOT_TASK_FILE")).isEqualTo(Path.of("jobdir/task.json").toAbsolutePath().toString());
    }

    @Test
    void runMarkersAreDistinctAndSayWhichAgentMadeThem() {
        Set<String> markers = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            markers.add(CPythonRunner.newRunMarker());
        }
        assertThat(markers).hasSize(10_000);
        assertThat(markers.iterator().next()).matches("[0-9a-f]+-[0-9a-f]+-[0-9a-f]+")
                .startsWith(Long.toHexString(ProcessHandle.current().pid()) + "-");
    }
}
