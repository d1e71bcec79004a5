package dev.belay.client;

/** {@code HasNewJob}. Values the protocol does not define decode to {@link #UNKNOWN}. */
public enum HasNewJob {
    NO_JOB(0), JOB_FOUND(1), UNKNOWN(-1);

    private final int code;

    HasNewJob(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static HasNewJob of(int code) {
        for (HasNewJob c : values()) {
            if (c != UNKNOWN && c.code == code) {
                return c;
            }
        }
        return UNKNOWN;
    }
}
