package dev.belay.launcher.resilience;

import dev.belay.client.OrchestratorException;

/**
 * The failure kinds the retry table is written in. Each {@link OrchestratorException} maps to
 * exactly one kind; the HTTP error is split by status because 5xx, 429 and 408 mean "try again
 * later" while every other status means "this request is wrong and will stay wrong".
 */
public enum FailureKind {
    /** {@link OrchestratorException.NotSent}: the request never reached the server. */
    NOT_SENT(false),
    /** {@link OrchestratorException.NoReply}: reset, EOF or read timeout; the server may have acted. */
    NO_REPLY(true),
    /** HTTP 5xx. */
    SERVER_ERROR(true),
    /** HTTP 429 Too Many Requests. */
    TOO_MANY_REQUESTS(true),
    /** HTTP 408 Request Timeout. */
    REQUEST_TIMEOUT(true),
    /** Any other non-2xx status (4xx other than 408/429, or an unfollowed 3xx). */
    OTHER_HTTP_STATUS(true),
    /** {@link OrchestratorException.UnreadableReply}: a 2xx whose body is not the expected shape. */
    UNREADABLE_REPLY(true);

    private final boolean mayHaveReachedServer;

    FailureKind(boolean mayHaveReachedServer) {
        this.mayHaveReachedServer = mayHaveReachedServer;
    }

    /**
     * False only for {@link #NOT_SENT}. A kind that may have reached the server must never be
     * retried for a non-idempotent endpoint; {@link ResilienceConfig} refuses such a table.
     */
    public boolean mayHaveReachedServer() {
        return mayHaveReachedServer;
    }

    public static FailureKind of(OrchestratorException failure) {
        // Java 17: no pattern switch; the sealed hierarchy has exactly these four subtypes.
        if (failure instanceof OrchestratorException.NotSent) {
            return NOT_SENT;
        }
        if (failure instanceof OrchestratorException.NoReply) {
            return NO_REPLY;
        }
        if (failure instanceof OrchestratorException.HttpError http) {
            int status = http.statusCode();
            if (status >= 500 && status <= 599) {
                return SERVER_ERROR;
            }
            if (status == 429) {
                return TOO_MANY_REQUESTS;
            }
            if (status == 408) {
                return REQUEST_TIMEOUT;
            }
            return OTHER_HTTP_STATUS;
        }
        return UNREADABLE_REPLY;
    }
}
