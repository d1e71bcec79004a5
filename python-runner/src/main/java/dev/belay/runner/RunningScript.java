package dev.belay.runner;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** A started script. Thread-safe; every method may be called at any time, any number of times. */
public interface RunningScript {

    /** The script process's pid and start time; empty if it never started. */
    Optional<ProcessStamp> process();

    /**
     * Completes exactly once, when the script and every process it started are gone (leftovers are
     * killed and counted). Never completes exceptionally.
     */
    CompletionStage<ScriptResult> completion();

    /**
     * Asks the script to finish: its stop file appears and it receives the signal scripts written for
     * the vendor's framework trap (Ctrl+Break on Windows, SIGINT on POSIX). If it has not ended when
     * {@code grace} runs out, it is aborted and the result is {@link ScriptResult.AbortedAfterGrace}.
     * Harmless after the script ended or after an earlier call (the first grace stands).
     */
    void requestStop(Duration grace);

    /**
     * Kills the script and every process it started, at once. The result is {@link ScriptResult.Aborted}
     * unless the script had already ended. Harmless after the script ended.
     */
    void abort();
}
