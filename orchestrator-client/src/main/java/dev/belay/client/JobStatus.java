package dev.belay.client;

/** Job status as sent with job/update. */
public enum JobStatus {
    CREATED(0), PENDING(1), ABORTING(2), ABORTED(3), SUCCESS(4), FAILED(5), STOPPING(6), STOPPED(7), IN_PROGRESS(8);

    private final int code;

    JobStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** True for the statuses a job ends in: Aborted, Success, Failed, Stopped. */
    public boolean isFinal() {
        return this == ABORTED || this == SUCCESS || this == FAILED || this == STOPPED;
    }

    public static JobStatus ofCode(int code) {
        for (JobStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown job status " + code);
    }
}
