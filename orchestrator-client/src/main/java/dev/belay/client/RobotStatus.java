package dev.belay.client;

/** Robot status as sent on a heartbeat. A robot only ever sends {@link #READY} or {@link #WORKING}. */
public enum RobotStatus {
    DISCONNECTED(0), UNLICENSED(1), READY(2), WORKING(3);

    private final int code;

    RobotStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
