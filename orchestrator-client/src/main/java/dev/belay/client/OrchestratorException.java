package dev.belay.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a call failed, in the terms a retry policy needs. Exactly one of four kinds:
 * <ul>
 *   <li>{@link NotSent}: the request never reached the server (refused, unknown host, connect
 *       timeout, TLS handshake failure). Any call may be repeated.</li>
 *   <li>{@link NoReply}: the request may have reached the server, but no usable reply came back
 *       (reset, EOF, read timeout, malformed chunk). Only idempotent calls may be repeated.</li>
 *   <li>{@link HttpError}: the server answered with a non-2xx status.</li>
 *   <li>{@link UnreadableReply}: a 2xx whose body is not the expected JSON shape.</li>
 * </ul>
 * Messages never contain the robot GUID or the Authorization header.
 */
public abstract sealed class OrchestratorException extends RuntimeException
        permits OrchestratorException.NotSent, OrchestratorException.NoReply,
                OrchestratorException.HttpError, OrchestratorException.UnreadableReply {

    private final Endpoint endpoint;

    OrchestratorException(Endpoint endpoint, String message, Throwable cause) {
        super(message, cause);
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** False only when the request certainly never reached the server. */
    public abstract boolean mayHaveReachedServer();

    /** The request never left this machine, or was refused before the server could read it. */
    public static final class NotSent extends OrchestratorException {
        public NotSent(Endpoint endpoint, String message, Throwable cause) {
            super(endpoint, message, cause);
        }

        @Override
        public boolean mayHaveReachedServer() {
            return false;
        }
    }

    /** The request may have been processed, but no usable reply arrived. */
    public static final class NoReply extends OrchestratorException {
        public NoReply(Endpoint endpoint, String message, Throwable cause) {
            super(endpoint, message, cause);
        }

        @Override
        public boolean mayHaveReachedServer() {
            return true;
        }
    }

    /** A non-2xx reply. */
    public static final class HttpError extends OrchestratorException {
        private final int statusCode;
        private final String bodyExcerpt;
        private final Duration retryAfter;

        /**
         * @param bodyExcerpt a short, sanitised excerpt of the body (no control characters, bounded length)
         * @param retryAfter  the {@code Retry-After} delay if the reply carried one, else null
         */
        public HttpError(Endpoint endpoint, int statusCode, String bodyExcerpt, Duration retryAfter) {
            super(endpoint, "HTTP " + statusCode + " from " + endpoint.path()
                    + (bodyExcerpt == null || bodyExcerpt.isEmpty() ? "" : ": " + bodyExcerpt), null);
            this.statusCode = statusCode;
            this.bodyExcerpt = bodyExcerpt == null ? "" : bodyExcerpt;
            this.retryAfter = retryAfter;
        }

        public int statusCode() {
            return statusCode;
        }

        public String bodyExcerpt() {
            return bodyExcerpt;
        }

        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }

        @Override
        public boolean mayHaveReachedServer() {
            return true;
        }
    }

    /** A 2xx reply whose body could not be decoded into the expected shape. */
    public static final class UnreadableReply extends OrchestratorException {
        public UnreadableReply(Endpoint endpoint, String message, Throwable cause) {
            super(endpoint, message, cause);
        }

        @Override
        public boolean mayHaveReachedServer() {
            return true;
        }
    }
}
