package dev.belay.client;

/** The robot API endpoints this client calls, and whether repeating a call is safe. */
public enum Endpoint {
    HEARTBEAT("/api/robot/heartbeat", true),
    CONSUME_NEXT_JOB("/api/robot/consumeNextJob", false),
    UPDATE_JOB("/api/job/update", true);

    private final String path;
    private final boolean idempotent;

    Endpoint(String path, boolean idempotent) {
        this.path = path;
        this.idempotent = idempotent;
    }

    public String path() {
        return path;
    }

    /** True if sending the same request twice has the same effect as sending it once. */
    public boolean idempotent() {
        return idempotent;
    }
}
