package dev.belay.client;

/** {@code HeartbeatErrorCode}. Values the protocol does not define decode to {@link #UNKNOWN}. */
public enum HeartbeatErrorCode {
    NO_ERROR(0),
    /** Abort the running job now (hard). */
    ABORT_JOB(10),
    /** Stop the running job gracefully (soft). */
    STOP_JOB(20),
    ROBOT_NOT_FOUND(101),
    UNKNOWN(-1);

    private final int code;

    HeartbeatErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static HeartbeatErrorCode of(int code) {
        for (HeartbeatErrorCode c : values()) {
            if (c != UNKNOWN && c.code == code) {
                return c;
            }
        }
        return UNKNOWN;
    }
}
