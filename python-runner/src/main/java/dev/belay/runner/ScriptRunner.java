package dev.belay.runner;

import java.nio.file.Path;

/**
 * Runs robot scripts. One runner serves many jobs, concurrently if asked; it is thread-safe.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} through {@link ScriptRunnerProvider};
 * see {@link ScriptRunners}.
 */
public interface ScriptRunner {

    /** A short, stable identifier such as {@code cpython}. */
    String id();

    /**
     * Starts a script and returns at once. Never throws for a problem with the script or the
     * interpreter (a refused name, a missing file, a missing interpreter): the returned script's
     * {@link RunningScript#completion()} then completes with {@link ScriptResult.FailedToStart} and
     * nothing was executed.
     *
     * @param listener receives every output line, from the runner's own threads; it must not block
     */
    RunningScript start(ScriptLaunch launch, OutputListener listener);

    /**
     * A hint that another {@link #start} in {@code scriptsDir} is likely soon: a job is waiting, or the
     * caller's script has just ended and its run goes on. A runner may get ready for it so that the next
     * script starts sooner (the CPython runner starts an interpreter ahead, which then waits for the
     * job), and may keep getting ready for further starts until {@link #cancelPrepared()}. Returns at
     * once and never throws for a problem with the interpreter or the folder: the next start() simply
     * does not benefit. A start() that does not fit what was prepared (another folder) starts as if
     * nothing had been. What a runner prepares must be let go of by {@link #cancelPrepared()}, and
     * after an idle time of its own choosing even if nobody calls it. The default does nothing.
     */
    default void prepareNext(Path scriptsDir) {
    }

    /**
     * The caller expects no further start() soon (its run has ended): a runner lets go of anything
     * {@link #prepareNext} made, at once. Harmless when nothing was prepared. The default does nothing.
     */
    default void cancelPrepared() {
    }

    /**
     * Kills what is left of a script that an earlier agent started and lost track of (it crashed):
     * the process identified by {@code stamp} — only if its pid <em>and</em> start time still match, so
     * that a reused pid is never touched — and every process it started.
     *
     * <p>The default walks the JDK's process tree, which misses descendants already re-parented;
     * implementations that group their processes (a POSIX session, a Windows Job Object) do better.
     *
     * @return how many processes were killed; 0 if none matched
     */
    default int reclaim(ProcessStamp stamp) {
        return ProcessTrees.killTree(stamp);
    }
}
