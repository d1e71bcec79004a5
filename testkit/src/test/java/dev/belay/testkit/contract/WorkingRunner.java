package dev.belay.testkit.contract;

import dev.belay.runner.RunnerOptions;
import dev.belay.runner.ScriptRunner;
import dev.belay.runner.ScriptRunners;

import java.util.List;

/** The working runner the broken decorators wrap: this project's CPython runner. */
final class WorkingRunner {

    private WorkingRunner() {
    }

    static ScriptRunner create() {
        return ScriptRunners.create(ScriptRunners.DEFAULT_ID, RunnerOptions.withInterpreter(List.of(Python.executable())));
    }
}
