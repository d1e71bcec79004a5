package dev.belay.runner.python;

import dev.belay.runner.python.internal.InterpreterLookup;
import dev.belay.runner.python.internal.Interpreters;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether {@link CPythonRunner} would find its interpreter: the same choice as its starts make
 * (configured command, else {@code .venv} in the scripts folder, else {@code py -3} / {@code python3}),
 * and the program looked up as the operating system will look it up, from the file system alone (no
 * process is started). For an agent's start-up check, so that a missing interpreter stops the agent
 * before it takes a job rather than failing every job it takes. An interpreter that disappears later
 * is still a failed start of that one job ({@link dev.belay.runner.ScriptResult.FailedToStart}).
 */
public final class InterpreterCheck {

    private InterpreterCheck() {
    }

    /**
     * @param configured  the interpreter command as in {@link dev.belay.runner.RunnerOptions#interpreterCommand()}; empty = the runner chooses
     * @param scriptsDir  the scripts folder (where a {@code .venv} is looked for, and the scripts' working directory)
     * @param windows     whether the lookup follows Windows' rules
     * @param environment the agent's environment ({@code PATH}; on Windows also {@code PATHEXT} and {@code SystemRoot})
     * @return why no script could be started, in a sentence that names the program; empty if it was found
     */
    public static Optional<String> problem(List<String> configured, Path scriptsDir, boolean windows, Map<String, String> environment) {
        Objects.requireNonNull(configured, "configured");
        Objects.requireNonNull(scriptsDir, "scriptsDir");
        Objects.requireNonNull(environment, "environment");
        if (!configured.isEmpty()) {
            return InterpreterLookup.problem(configured.get(0), scriptsDir, windows, environment);
        }
        List<String> chosen = Interpreters.choose(List.of(), scriptsDir, windows).command();
        boolean platformDefault = chosen.equals(Interpreters.platformDefault(windows));
        return InterpreterLookup.problem(chosen.get(0), scriptsDir, windows, environment)
                .map(p -> platformDefault ? "no interpreter is configured, " + scriptsDir + " has no .venv, and the default " + p : p);
    }
}
