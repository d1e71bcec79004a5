package dev.belay.core;

/**
 * Ends the robot's user session (on Windows, {@code shutdown /l}). The robot calls it only when the run
 * ends with {@link EndReason#NO_JOB_LEFT} and the outbox is empty, so that a logoff never strands an
 * undelivered status or a running script.
 */
@FunctionalInterface
public interface SessionControl {

    /** Never logs off: for tests, non-Windows machines and {@code --no-logoff}. */
    SessionControl NONE = () -> { };

    /** Starts the logoff. May return before the session is gone. An exception is logged, never fatal. */
    void logoff() throws Exception;
}
