package dev.belay.runner.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Real files in a temporary folder; the environment (PATH) is handed in, so no process is involved. */
class InterpreterCheckTest {

    @TempDir
    Path dir;
    Path scripts;
    Path bin;

    @BeforeEach
    void setUp() throws IOException {
        scripts = Files.createDirectories(dir.resolve("scripts"));
        bin = Files.createDirectories(dir.resolve("bin"));
    }

    private static Path program(Path file, boolean executable) throws IOException {
        Files.writeString(file, "#!/bin/sh\n");
        if (!OS.WINDOWS.isCurrentOs()) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
        }
        return file;
    }

    @Test
    void aConfiguredPathThatDoesNotExistIsNamed() {
        String missing = dir.resolve("nonexistent/python").toString();
        assertThat(InterpreterCheck.problem(List.of(missing), scripts, false, Map.of("PATH", bin.toString())))
                .hasValue(missing + " does not exist");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aConfiguredPathThatIsNotExecutableIsRefusedOutsideWindows() throws IOException {
        Path python = program(bin.resolve("python"), false);
        assertThat(InterpreterCheck.problem(List.of(python.toString()), scripts, false, Map.of()))
                .hasValue(python + " is not executable");
        assertThat(InterpreterCheck.problem(List.of(python.toString(), "-X", "utf8"), scripts, true, Map.of()))
                .as("Windows has no executable bit").isEmpty();
    }

    @Test
    void aConfiguredFolderIsNotAProgram() {
        assertThat(InterpreterCheck.problem(List.of(bin.toString()), scripts, false, Map.of())).hasValue(bin + " is a folder, not a program");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aBareNameIsLookedUpOnPathAsTheJdkStartsIt() throws IOException {
        program(bin.resolve("mypython"), true);
        program(bin.resolve("notexec"), false);
        Map<String, String> env = Map.of("PATH", dir.resolve("elsewhere") + ":" + bin);

        assertThat(InterpreterCheck.problem(List.of("mypython", "-u"), scripts, false, env)).isEmpty();
        assertThat(InterpreterCheck.problem(List.of("python9"), scripts, false, env)).hasValue("'python9' was not found on PATH");
        assertThat(InterpreterCheck.problem(List.of("notexec"), scripts, false, env))
                .as("exec skips a file it may not execute").hasValue("'notexec' was not found on PATH");
    }

    /**
     * On POSIX the JDK changes into the child's working directory before it executes the program, so a
     * relative program (and a relative PATH entry) is found from the scripts folder, not from the agent's
     * own working folder. The check says so only where a start would succeed: shown with a real start.
     */
    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aRelativeProgramIsFoundFromTheScriptsFolderAsTheJdkStartsIt() throws Exception {
        Files.createDirectories(scripts.resolve("venv/bin"));
        Files.writeString(scripts.resolve("venv/bin/python"), "#!/bin/sh\nexit 7\n");
        Files.setPosixFilePermissions(scripts.resolve("venv/bin/python"), PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(InterpreterCheck.problem(List.of("venv/bin/python"), scripts, false, Map.of())).isEmpty();
        assertThat(InterpreterCheck.problem(List.of("python"), scripts, false, Map.of("PATH", "venv/bin"))).isEmpty();
        assertThat(InterpreterCheck.problem(List.of("venv/bin/python"), dir, false, Map.of())).hasValue("venv/bin/python does not exist");
        assertThat(new ProcessBuilder("venv/bin/python").directory(scripts.toFile()).start().waitFor())
                .as("the JDK starts it from the working directory").isEqualTo(7);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void anEmptyPathEntryIsTheScriptsFolderWhereTheScriptRuns() throws IOException {
        program(scripts.resolve("localpython"), true);
        assertThat(InterpreterCheck.problem(List.of("localpython"), scripts, false, Map.of("PATH", bin + ":"))).isEmpty();
        assertThat(InterpreterCheck.problem(List.of("localpython"), scripts, false, Map.of("PATH", bin.toString()))).isPresent();
    }

    @Test
    void onWindowsABareNameIsFoundWithExeOrAPathextExtensionAndPathIsCaseInsensitive() throws IOException {
        program(bin.resolve("python.exe"), true);
        program(bin.resolve("pyw.cmd"), true);
        Map<String, String> env = Map.of("Path", "\"" + dir.resolve("elsewhere") + "\";" + bin, "PATHEXT", ".COM;.EXE;.CMD");

        assertThat(InterpreterCheck.problem(List.of("python"), scripts, true, env)).isEmpty();
        assertThat(InterpreterCheck.problem(List.of("python.exe"), scripts, true, env)).isEmpty();
        assertThat(InterpreterCheck.problem(List.of("pyw"), scripts, true, env)).isEmpty();
        assertThat(InterpreterCheck.problem(List.of("py", "-3"), scripts, true, env)).get().asString()
                .startsWith("'py' was not found on PATH");
    }

    @Test
    void onWindowsTheSystemFoldersAreSearchedBeforePath() throws IOException {
        Path windir = Files.createDirectories(dir.resolve("Windows"));
        program(windir.resolve("py.exe"), true);
        assertThat(InterpreterCheck.problem(List.of("py", "-3"), scripts, true, Map.of("SystemRoot", windir.toString()))).isEmpty();
    }

    @Test
    void withNothingConfiguredTheDefaultIsCheckedAndTheMessageSaysItWasTheDefault() {
        assertThat(InterpreterCheck.problem(List.of(), scripts, false, Map.of("PATH", bin.toString())))
                .hasValue("no interpreter is configured, " + scripts + " has no .venv, and the default 'python3' was not found on PATH");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void withNothingConfiguredAVenvIsWhatIsChecked() throws IOException {
        Path venvPython = program(Files.createDirectories(scripts.resolve(".venv/bin")).resolve("python"), true);
        assertThat(InterpreterCheck.problem(List.of(), scripts, false, Map.of("PATH", bin.toString()))).isEmpty();
        Files.setPosixFilePermissions(venvPython, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(InterpreterCheck.problem(List.of(), scripts, false, Map.of("PATH", bin.toString())))
                .hasValue(venvPython + " is not executable");
    }
}
