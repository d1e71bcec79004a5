package dev.belay.client;

/** {@code ConsumeJobErrorCode}. Values the protocol does not define decode to {@link #UNKNOWN}. */
public enum ConsumeJobErrorCode {
    NO_ERROR(0), ROBOT_NOT_FOUND(101), NO_JOB_FOUND(102), UNKNOWN(-1);

    private final int code;

    ConsumeJobErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ConsumeJobErrorCode of(int code) {
        for (ConsumeJobErrorCode c : values()) {
            if (c != UNKNOWN && c.code == code) {
                return c;
            }
        }
        return UNKNOWN;
    }
}
