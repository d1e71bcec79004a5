package dev.belay.testkit.contract;

import dev.belay.runner.ScriptRunner;

/** The working runner the broken decorators wrap. */
final class WorkingRunner {

    private WorkingRunner() {
    }

    static ScriptRunner create() {
        // Until the CPython runner is merged, the naive runner stands in: every rule the decorators
        // are checked on (none about process trees, except R24 which they fail anyway) it keeps.
        return new NaiveTreeRunner();
    }
}
