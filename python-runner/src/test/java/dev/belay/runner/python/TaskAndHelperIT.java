package dev.belay.runner.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.belay.runner.RunningScript;
import dev.belay.runner.ScriptResult;
import dev.belay.runner.ScriptRunners;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(AbortLeftovers.class)
class TaskAndHelperIT {

    @TempDir
    Path tmp;

    @Test
    void emptyTaskArrivesAsAnEmptyFile() throws Exception {
        assertRoundTrip("");
    }

    @Test
    void nonAsciiTaskArrivesByteForByte() throws Exception {
        assertRoundTrip("{\"name\": \"Zoë — 東京 ✓ 🎉\", \"escaped\": \"\\u00e9\"}");
    }

    @Test
    void oneMebibyteTaskArrivesByteForByte() throws Exception {
        StringBuilder b = new StringBuilder("{\"blob\": \"");
        while (b.length() < 1024 * 1024 - 2) {
            b.append("é€𝄞abc");
        }
        String task = b.substring(0, 1024 * 1024 - 2) + "\"}";
        assertRoundTrip(task);
    }

    private void assertRoundTrip(String task) throws Exception {
        Fixture f = new Fixture(tmp);
        Fixture.Lines lines = new Fixture.Lines();
        ScriptResult r = Fixture.await(f.start(f.launch("task_digest", task), lines));
        assertThat(r).isInstanceOf(ScriptResult.Exited.class);
        byte[] bytes = task.getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(lines.value("TASK_LENGTH")).contains(String.valueOf(bytes.length));
        assertThat(lines.value("TASK_SHA256")).contains(sha);
    }

    @Test
    void helperModuleReadsTheTaskAndTheIds() {
        Fixture f = new Fixture(tmp);
        Fixture.Lines lines = new Fixture.Lines();
        Fixture.await(f.start(f.launch("helper_task", "{\"name\": \"Zoë 東京\", \"n\": 1}"), lines));
        assertThat(lines.value("KEYS")).contains("n,name");
        assertThat(lines.value("NAME")).contains("Zoë 東京");
        assertThat(lines.value("IDS")).contains("job-0001|robot-secret-0004|pv-0002");
    }

    @Test
    void helperModuleGivesAnEmptyDictWithoutTask() {
        Fixture f = new Fixture(tmp);
        Fixture.Lines lines = new Fixture.Lines();
        Fixture.await(f.start(f.launch("helper_task"), lines));
        assertThat(lines.value("KEYS")).contains("");
    }

    @Test
    void helperModuleReactsToAStopRequest() {
        Fixture f = new Fixture(tmp);
        Fixture.Lines lines = new Fixture.Lines();
        RunningScript s = f.start(f.launch("helper_stop"), lines);
        Fixture.awaitTrue("READY", Duration.ofSeconds(20), () -> lines.stdout.contains("READY"));
        s.requestStop(Duration.ofSeconds(30));
        ScriptResult r = Fixture.await(s);
        assertThat(r).isEqualTo(new ScriptResult.Stopped(0, r.duration(), 0));
        assertThat(lines.stdout).contains("CLEANUP stop_requested=True");
    }

    @Test
    void serviceLoaderFindsTheCPythonRunner() {
        assertThat(ScriptRunners.create(ScriptRunners.DEFAULT_ID, dev.belay.runner.RunnerOptions.defaults()))
                .isInstanceOf(CPythonRunner.class);
        assertThat(ScriptRunners.providers()).anyMatch(p -> p instanceof CPythonRunnerProvider);
    }
}
