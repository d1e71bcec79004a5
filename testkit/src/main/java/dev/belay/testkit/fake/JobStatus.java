package dev.belay.testkit.fake;

/** Job status codes of the protocol, as plain ints (the fake must accept any number a robot sends). */
public final class JobStatus {
    public static final int CREATED = 0;
    public static final int PENDING = 1;
    public static final int ABORTING = 2;
    public static final int ABORTED = 3;
    public static final int SUCCESS = 4;
    public static final int FAILED = 5;
    public static final int STOPPING = 6;
    public static final int STOPPED = 7;
    public static final int IN_PROGRESS = 8;

    private JobStatus() {
    }

    /** The statuses a robot may report as the end of a job: Aborted, Success, Failed, Stopped. */
    public static boolean isFinal(int status) {
        return status == ABORTED || status == SUCCESS || status == FAILED || status == STOPPED;
    }

    public static String name(int status) {
        switch (status) {
            case CREATED: return "Created";
            case PENDING: return "Pending";
            case ABORTING: return "Aborting";
            case ABORTED: return "Aborted";
            case SUCCESS: return "Success";
            case FAILED: return "Failed";
            case STOPPING: return "Stopping";
            case STOPPED: return "Stopped";
            case IN_PROGRESS: return "In progress";
            default: return "unknown(" + status + ")";
        }
    }
}
