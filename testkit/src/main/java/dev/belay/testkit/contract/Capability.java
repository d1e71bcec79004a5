package dev.belay.testkit.contract;

/**
 * An optional capability of a runner. A vendor that cannot offer one declares it in
 * {@link ScriptRunnerContract#unsupported()}; the rules that need it are then reported as skipped,
 * never as passed.
 */
public enum Capability {

    /** R03: a script killed by a POSIX signal is reported as {@code Exited(128 + signal)}. */
    POSIX_SIGNALS,

    /**
     * R21: {@code requestStop} delivers the signal vendor scripts trap (SIGINT on POSIX, Ctrl+Break on
     * Windows), so a script that never looks at the stop file still ends gracefully.
     */
    GRACEFUL_STOP_SIGNAL,

    /** R25: abort also kills a daemon that double-forked and left the script's session. */
    DOUBLE_FORK_CONTAINMENT
}
