package dev.belay.client;

/**
 * The robot side of the Sherpa Orchestrator robot API.
 *
 * <p>Every method makes exactly one HTTP request: there are no hidden retries anywhere below this
 * interface, so that a caller's retry policy (see the launcher) is the only one. A failure is always
 * one of the {@link OrchestratorException} kinds, which tell whether the request may have reached
 * the server.
 *
 * <p>Implementations are thread-safe. Build one with {@link #builder()}.
 */
public interface OrchestratorClient {

    /** {@code POST /api/robot/heartbeat}. */
    HeartbeatReply heartbeat(Heartbeat heartbeat);

    /**
     * {@code POST /api/robot/consumeNextJob}. Not idempotent: a request that reached the server may
     * have consumed a job even if no reply came back.
     */
    ConsumeReply consumeNextJob(RobotStatus status);

    /** {@code PUT /api/job/update} (method and field casing per {@link JobUpdateStyle}). Idempotent. */
    void updateJob(String jobGuid, JobStatus status);

    static OrchestratorClientBuilder builder() {
        return new OrchestratorClientBuilder();
    }
}
