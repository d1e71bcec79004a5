package dev.belay.client;

/**
 * The orchestrator's answer to a heartbeat. Raw numbers are kept so that an unknown code can be
 * reported as it came; the typed accessors map unknown values to {@code UNKNOWN}.
 *
 * @param errorCodeValue raw {@code HeartbeatErrorCode}
 * @param errorText      {@code ErrorText}, never null (empty when absent)
 * @param hasNewJobValue raw {@code HasNewJob}
 */
public record HeartbeatReply(int errorCodeValue, String errorText, int hasNewJobValue) {

    public HeartbeatReply {
        errorText = errorText == null ? "" : errorText;
    }

    public HeartbeatErrorCode errorCode() {
        return HeartbeatErrorCode.of(errorCodeValue);
    }

    public HasNewJob hasNewJob() {
        return HasNewJob.of(hasNewJobValue);
    }
}
