package dev.belay.runner.python.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Chooses the Python command: configured, else the scripts folder's {@code .venv}, else the platform's default. */
public final class Interpreters {

    private Interpreters() {
    }

    /** A command, or why there is none. */
    public record Choice(List<String> command, String refusal) {
        public boolean ok() {
            return command != null;
        }
    }

    public static Choice choose(List<String> configured, Path scriptsDir, boolean windows) {
        if (!configured.isEmpty()) {
            String program = configured.get(0);
            // A bare name is looked up on PATH by the OS at start; a path we can check now, with a clear reason.
            if (program.contains("/") || program.contains("\\")) {
                Path p = Path.of(program);
                if (!Files.isRegularFile(p) || (!windows && !Files.isExecutable(p))) {
                    return new Choice(null, "the configured Python interpreter does not exist or is not executable: " + program);
                }
            }
            return new Choice(configured, null);
        }
        Path venv = windows
                ? scriptsDir.resolve(".venv").resolve("Scripts").resolve("python.exe")
                : scriptsDir.resolve(".venv").resolve("bin").resolve("python");
        if (Files.isRegularFile(venv)) {
            return new Choice(List.of(venv.toString()), null);
        }
        return new Choice(platformDefault(windows), null);
    }

    /** {@code py -3} on Windows, {@code python3} elsewhere. */
    public static List<String> platformDefault(boolean windows) {
        return windows ? List.of("py", "-3") : List.of("python3");
    }
}
