package dev.belay.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.belay.launcher.config.ConfigLoader;
import dev.belay.launcher.config.Key;
import dev.belay.launcher.config.LauncherConfig;
import dev.belay.launcher.config.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file install-task writes for the scheduled task reads back as the configuration it was written
 * from, although it is read from the state folder and relative paths in it are relative to that folder.
 */
class InstallTaskConfigTest {

    private static final String GUID = "da8bc2f0-8065-4385-b867-405e66b8e151";

    @TempDir
    Path dir;

    @Test
    void theTasksConfigurationReadsBackAsItWasGivenWithRelativePathsAndSpacesInThem() throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("robot scripts"));
        Path state = Files.createDirectories(dir.resolve("state"));
        Map<Key, String> flags = new EnumMap<>(Key.class);
        flags.put(Key.ORCHESTRATOR, "https://orch.example");
        flags.put(Key.ROBOT_GUID, GUID);
        flags.put(Key.SCRIPTS_DIR, scripts.toString());
        flags.put(Key.STATE_DIR, state.toString());
        flags.put(Key.PYTHON, "\"" + dir.resolve("my python/bin/python3") + "\" -X utf8");
        Platform platform = new Platform(false, Map.of(), dir, dir);
        LauncherConfig given = new ConfigLoader(platform).load(flags, null);

        Path file = state.resolve("belay.properties");
        InstallTaskCommand.writeConfig(given, file);
        LauncherConfig read = new ConfigLoader(platform).load(Map.of(), file);

        assertThat(read.python()).containsExactly(dir.resolve("my python/bin/python3").toString(), "-X", "utf8");
        assertThat(read.scriptsDir()).isEqualTo(scripts);
        assertThat(read.stateDir()).isEqualTo(state);
        assertThat(InstallTaskCommand.absoluteProgram(java.util.List.of(".venv/bin/python", "-u")))
                .containsExactly(Path.of(".venv/bin/python").toAbsolutePath().normalize().toString(), "-u");
        assertThat(InstallTaskCommand.absoluteProgram(java.util.List.of("py", "-3"))).containsExactly("py", "-3");
    }
}
