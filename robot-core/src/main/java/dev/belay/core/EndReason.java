package dev.belay.core;

/**
 * Why {@link Robot#run()} returned. Each reason carries the launcher's exit code (the CLI contract in
 * {@code ARCHITECTURE.md}), so that the mapping lives next to the reasons and cannot drift.
 */
public enum EndReason {
    /** A Ready heartbeat said {@code HasNewJob = 0}: the normal end. Only this reason logs the session off. */
    NO_JOB_LEFT(0),
    /**
     * Another agent is using the state folder: it holds the folder's lock ({@code agent.lock}), which a run
     * takes before anything else. This run touched nothing (no recovery, no state file, no orchestrator call)
     * and started no job; {@link RobotEvent.StateDirInUse} says which lock file and, if known, which process.
     * Also when another {@link Robot} of this JVM holds the folder. A configuration problem for the launcher
     * (exit code 2): one state folder per agent.
     */
    STATE_DIR_IN_USE(2),
    /**
     * The state folder's lock could not be taken at all (the lock file cannot be created or opened, or the file
     * system offers no file locks, as some network shares): exclusive use cannot be made sure of, so the run
     * touched nothing else, like {@link #STATE_DIR_IN_USE}; the reason is logged. Exit code 2.
     */
    STATE_DIR_NOT_LOCKABLE(2),
    /** The orchestrator answered 101 on a heartbeat or on consumeNextJob. Never retried. */
    ROBOT_NOT_REGISTERED(3),
    /**
     * A Ready heartbeat failed (after the caller's retries), or three consumeNextJob calls in a row, or the orchestrator
     * answered something this agent does not understand where a decision depends on it (an unknown
     * {@code HasNewJob}).
     */
    ORCHESTRATOR_UNREACHABLE(4),
    /** A final status could not be delivered within the outbox's retry budget; it stays on disk for the next run. */
    STATUS_UNDELIVERED(5),
    /** {@link Robot#requestShutdown()} was called (Ctrl+C, SIGTERM, logoff) or the running thread was interrupted. */
    INTERRUPTED(130);

    private final int exitCode;

    EndReason(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The launcher's exit code for this reason. */
    public int exitCode() {
        return exitCode;
    }
}
