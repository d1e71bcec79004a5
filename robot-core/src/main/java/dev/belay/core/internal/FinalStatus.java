package dev.belay.core.internal;

import dev.belay.client.JobStatus;
import dev.belay.runner.ScriptResult;

/** The one place where a script's result becomes a job status (PROTOCOL.md, "The loop", step 5). */
public final class FinalStatus {

    private FinalStatus() {
    }

    public static JobStatus of(ScriptResult result) {
        if (result instanceof ScriptResult.Exited e) {
            return e.exitCode() == 0 ? JobStatus.SUCCESS : JobStatus.FAILED;
        }
        if (result instanceof ScriptResult.Stopped) {
            // Ended on its own within the grace after a stop request, whatever its exit code.
            return JobStatus.STOPPED;
        }
        if (result instanceof ScriptResult.Aborted || result instanceof ScriptResult.AbortedAfterGrace) {
            return JobStatus.ABORTED;
        }
        if (result instanceof ScriptResult.FailedToStart) {
            return JobStatus.FAILED;
        }
        throw new IllegalArgumentException("unknown script result " + result);
    }
}
