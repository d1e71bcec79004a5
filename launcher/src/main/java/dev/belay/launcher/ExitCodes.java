package dev.belay.launcher;

/** The launcher's exit codes: a contract other teams script against (ARCHITECTURE.md). */
public final class ExitCodes {

    /** No job left: the normal end. */
    public static final int OK = 0;
    /** Usage or configuration error. */
    public static final int CONFIGURATION = 2;
    /** The orchestrator does not know this robot (code 101). */
    public static final int NOT_REGISTERED = 3;
    /** The orchestrator stayed unreachable after retries. */
    public static final int UNREACHABLE = 4;
    /** A final status could not be delivered; it waits in the outbox for the next start. */
    public static final int UNDELIVERED = 5;
    /** Interrupted (Ctrl+C, SIGTERM, logoff). */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
