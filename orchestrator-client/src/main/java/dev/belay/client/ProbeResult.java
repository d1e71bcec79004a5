package dev.belay.client;

import java.time.Duration;
import java.util.Objects;

/** What one side-effect-free request to the orchestrator found. See {@link OrchestratorProbe}. */
public sealed interface ProbeResult {

    /** The orchestrator answered, with any HTTP status. */
    record Answered(int httpStatus, Duration elapsed) implements ProbeResult {
        public Answered {
            Objects.requireNonNull(elapsed, "elapsed");
        }
    }

    /** No HTTP answer. */
    record Failed(Problem problem, String detail) implements ProbeResult {
        public Failed {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Why there was no answer, in the terms a person fixes it in. */
    enum Problem {
        /** The host name does not resolve. */
        UNKNOWN_HOST,
        /** Nothing listens there, or a firewall refuses. */
        REFUSED,
        /** No connection within the connect timeout. */
        CONNECT_TIMEOUT,
        /** The server's certificate is not trusted (or does not name the host). */
        CERTIFICATE_NOT_TRUSTED,
        /** Any other TLS failure (protocol, cipher). */
        TLS_FAILED,
        /** Connected, but no usable HTTP reply. */
        NO_REPLY
    }
}
