package dev.belay.runner.python.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterpretersTest {

    @TempDir
    Path scripts;

    @Test
    void configuredCommandWinsAndKeepsItsArguments() {
        assertThat(Interpreters.choose(List.of("py", "-3"), scripts, true).command()).containsExactly("py", "-3");
    }

    @Test
    void configuredPathThatDoesNotExistIsRefusedWithAReason() {
        Interpreters.Choice c = Interpreters.choose(List.of(scripts.resolve("nope/python").toString()), scripts, false);
        assertThat(c.ok()).isFalse();
        assertThat(c.refusal()).contains("does not exist");
    }

    @Test
    void venvInTheScriptsFolderComesNext() throws Exception {
        Path posix = Files.createDirectories(scripts.resolve(".venv/bin")).resolve("python");
        Files.writeString(posix, "");
        Path windows = Files.createDirectories(scripts.resolve(".venv/Scripts")).resolve("python.exe");
        Files.writeString(windows, "");
        assertThat(Interpreters.choose(List.of(), scripts, false).command()).containsExactly(posix.toString());
        assertThat(Interpreters.choose(List.of(), scripts, true).command()).containsExactly(windows.toString());
    }

    @Test
    void platformDefaultsLast() {
        assertThat(Interpreters.choose(List.of(), scripts, true).command()).containsExactly("py", "-3");
        assertThat(Interpreters.choose(List.of(), scripts, false).command()).containsExactly("python3");
    }
}
