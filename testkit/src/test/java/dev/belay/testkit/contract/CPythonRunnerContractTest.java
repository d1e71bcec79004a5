package dev.belay.testkit.contract;

import dev.belay.runner.ScriptRunner;

/**
 * This project's own runner, certified: the whole contract, no capability declared unsupported.
 * It is found through ServiceLoader like any vendor's ({@link WorkingRunner}); only the interpreter
 * is given explicitly (see {@link Python}: a pyenv shim would add a second per script start).
 */
class CPythonRunnerContractTest extends ScriptRunnerContract {

    @Override
    protected ScriptRunner createRunner() {
        return WorkingRunner.create();
    }
}
