package dev.belay.client;

/**
 * Reaches the orchestrator once without changing anything there: resolves the host, connects, makes
 * the TLS handshake with the client's trust settings, and sends one authenticated read-only request
 * ({@code GET /api/asset/read/<nil GUID>}, an asset that cannot exist). For {@code belay check}:
 * a heartbeat would mark the robot online, a consume could take a job. Built with
 * {@link OrchestratorClientBuilder#buildProbe()}.
 */
public interface OrchestratorProbe {

    /** The read-only path that is requested. */
    String PATH = "/api/asset/read/00000000-0000-0000-0000-000000000000";

    /** Never throws for a network or TLS problem: that is a {@link ProbeResult.Failed}. */
    ProbeResult probe();
}
