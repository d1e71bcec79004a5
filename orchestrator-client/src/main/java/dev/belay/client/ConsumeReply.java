package dev.belay.client;

import java.util.Optional;

/**
 * The orchestrator's answer to consumeNextJob.
 *
 * @param errorCodeValue raw {@code ConsumeJobErrorCode}
 * @param errorText      {@code ErrorText}, never null
 * @param job            the job, present exactly when the error code is {@link ConsumeJobErrorCode#NO_ERROR}
 *                       (a reply with code 0 and no usable job is an {@link OrchestratorException.UnreadableReply})
 */
public record ConsumeReply(int errorCodeValue, String errorText, JobAssignment job) {

    public ConsumeReply {
        errorText = errorText == null ? "" : errorText;
    }

    public ConsumeJobErrorCode errorCode() {
        return ConsumeJobErrorCode.of(errorCodeValue);
    }

    public Optional<JobAssignment> assignment() {
        return Optional.ofNullable(job);
    }
}
