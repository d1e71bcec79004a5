package dev.belay.runner.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.belay.runner.ScriptLaunch;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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

    @Test
    void theJobLineIsOneLineOfAsciiThatPythonReadsBackExactly() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ROBOT_JOB_GUID", "quote\" backslash\\ newline\n tab\t nul-less \u0001 del\u007f é 東京 🎉");
        env.put("ROBOT_TASK_FILE", "C:\\jobs\\x\\task.json");
        Path script = Path.of("/scripts/a \"b\"/c.py");
        String argument = "pv|job|task|/home/zoë/settings.txt";

        String line = CPythonRunner.jobLine(script, argument, env);

        assertThat(line).startsWith("job {");
        assertThat(line.chars()).as("one line of printable ASCII").allMatch(c -> c >= 0x20 && c < 0x7f);
        // What the bootstrap does with it: json.loads of what follows "job ".
        Process python = new ProcessBuilder(Fixture.PYTHON, "-c", "import json, sys\n"
                + "job = json.loads(sys.stdin.buffer.readline()[4:].decode('utf-8'))\n"
                + "values = [job['script'], job['argument']] + [k + '=' + v for k, v in job['env'].items()]\n"
                + "sys.stdout.buffer.write('\\0'.join(values).encode('utf-8'))").start();
        python.getOutputStream().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        python.getOutputStream().close();
        String read = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(read.split("\0", -1)).containsExactly(script.toString(), argument,
                "ROBOT_JOB_GUID=" + env.get("ROBOT_JOB_GUID"), "ROBOT_TASK_FILE=" + env.get("ROBOT_TASK_FILE"));
    }

    @Test
    void aFreshStartAndAPreparedOneGetTheSameVariables() {
        Map<String, String> fresh = new HashMap<>();
        CPythonRunner.environment(fresh, launch(null), Path.of("/cache/py"), "m", "5");
        Map<String, String> prepared = new HashMap<>();
        CPythonRunner.interpreterEnvironment(prepared, Path.of("/cache/py"), "m", "5");
        prepared.putAll(CPythonRunner.jobEnvironment(launch(null)));
        assertThat(prepared).isEqualTo(fresh);
        assertThat(CPythonRunner.jobEnvironment(launch(null)).keySet()).containsExactlyInAnyOrderElementsOf(List.of(
                "ROBOT_GUID", "ROBOT_ORCHESTRATOR_URL", "ROBOT_JOB_GUID", "ROBOT_PROCESS_VERSION_GUID", "ROBOT_TASK_FILE",
                "ROBOT_STOP_FILE"));
    }
}
