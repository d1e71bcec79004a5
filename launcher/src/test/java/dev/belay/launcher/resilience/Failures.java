package dev.belay.launcher.resilience;

import dev.belay.client.Endpoint;
import dev.belay.client.OrchestratorException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;

/** Failures as the real client reports them. */
final class Failures {

    private Failures() {
    }

    static OrchestratorException notSent(Endpoint endpoint) {
        return new OrchestratorException.NotSent(endpoint, "connection refused", new ConnectException("refused"));
    }

    static OrchestratorException noReply(Endpoint endpoint) {
        return new OrchestratorException.NoReply(endpoint, "connection reset", new IOException("reset"));
    }

    static OrchestratorException http(Endpoint endpoint, int status) {
        return new OrchestratorException.HttpError(endpoint, status, "", null);
    }

    static OrchestratorException http(Endpoint endpoint, int status, Duration retryAfter) {
        return new OrchestratorException.HttpError(endpoint, status, "", retryAfter);
    }

    static OrchestratorException unreadable(Endpoint endpoint) {
        return new OrchestratorException.UnreadableReply(endpoint, "not JSON", null);
    }
}
