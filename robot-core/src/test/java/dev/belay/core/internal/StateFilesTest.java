package dev.belay.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFilesTest {

    /** What the orchestrator or a script may put into a state file: every character Properties escapes, and more. */
    private static final List<String> AWKWARD = List.of("", " ", "  leading and trailing  ", "a=b", "a:b", "#not a comment",
            "!not a comment", "back\\slash\\", "line\nbreak", "carriage\rreturn", "tab\there", "form\ffeed",
            "jobs\\invoices\\load", "ünïcödé €", "emoji 🤖", "control \u0001\u001f\u007f", "=", ":", "\\u0041", "C:\\Robots\\x.py");

    @Test
    void writesWhatPropertiesStoreWritesWithoutTheDateLine() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < 1 + random.nextInt(6); i++) {
                values.put(pick(random) + i, pick(random));
            }
            Properties p = new Properties();
            p.putAll(values);
            StringWriter stored = new StringWriter();
            p.store(stored, null);
            List<String> expected = Arrays.stream(stored.toString().split(System.lineSeparator()))
                    .filter(line -> !line.startsWith("#")).sorted().toList();

            String ours = StateFiles.propertiesText(values);

            assertThat(ours).doesNotStartWith("#");
            assertThat(Arrays.stream(ours.split("\n")).sorted().toList()).as("%s", values).isEqualTo(expected);
            Properties loaded = new Properties();
            loaded.load(new StringReader(ours));
            assertThat(loaded).as("%s", values).isEqualTo(p);
        }
    }

    @Test
    void everyAwkwardValueComesBackFromTheFile(@TempDir Path dir) {
        StateFiles files = new StateFiles(dir);
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < AWKWARD.size(); i++) {
            values.put("k" + i + AWKWARD.get(i), AWKWARD.get(i));
        }
        files.write("job-1", values);
        assertThat(files.readAll(v -> { })).containsExactly(new TreeMap<>(values));
    }

    private static String pick(Random random) {
        String s = AWKWARD.get(random.nextInt(AWKWARD.size()));
        return random.nextBoolean() ? s : s + AWKWARD.get(random.nextInt(AWKWARD.size()));
    }
}
