package dev.belay.runner.python;

import dev.belay.runner.RunnerOptions;
import dev.belay.runner.ScriptRunner;
import dev.belay.runner.ScriptRunnerProvider;

/** Registers {@link CPythonRunner} with {@link java.util.ServiceLoader} under the id {@code cpython}. */
public final class CPythonRunnerProvider implements ScriptRunnerProvider {

    @Override
    public String id() {
        return CPythonRunner.ID;
    }

    @Override
    public ScriptRunner create(RunnerOptions options) {
        return new CPythonRunner(options);
    }
}
