package dev.belay.testkit.fake;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of one job as the fake sees it.
 *
 * @param job               the job as queued
 * @param consumedBy        the robot that consumed it, or {@code null} while it is queued
 * @param consumedAt        when it was consumed, or {@code null}
 * @param statusHistory     the statuses robots reported, in order; a repeat of the current status
 *                          (an idempotent retry) is not a new entry — count retries in the journal
 * @param abortRequested    an abort (10) is pending or was delivered
 * @param stopRequested     a stop (20) is pending or was delivered
 * @param workingHeartbeats Working heartbeats for this job the fake has processed
 */
public record JobState(FakeJob job, String consumedBy, Instant consumedAt, List<Integer> statusHistory,
                       boolean abortRequested, boolean stopRequested, int workingHeartbeats) {

    public JobState {
        statusHistory = List.copyOf(statusHistory);
    }

    public String guid() {
        return job.guid();
    }

    public boolean consumed() {
        return consumedBy != null;
    }

    /** The last reported status, if any. */
    public Optional<Integer> currentStatus() {
        return statusHistory.isEmpty() ? Optional.empty() : Optional.of(statusHistory.get(statusHistory.size() - 1));
    }

    /** The final status (3, 4, 5 or 7) once one was reported. */
    public Optional<Integer> finalStatus() {
        return statusHistory.stream().filter(JobStatus::isFinal).findFirst();
    }
}
