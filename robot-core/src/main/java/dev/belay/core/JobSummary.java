package dev.belay.core;

import dev.belay.client.JobStatus;
import java.util.Objects;

/**
 * One job's fate in a run.
 *
 * @param jobGuid        the job's GUID
 * @param scriptName     the script the job named ({@code ProcessVersion.Name}); may be empty for a job
 *                       recovered from a state file that did not record it
 * @param status         the final status this robot decided on
 * @param delivered      true once the orchestrator acknowledged it with a 2xx; false means it is still in
 *                       the outbox (the next run delivers it first) or was rejected by the orchestrator
 * @param fromEarlierRun true for a status left by an earlier run (its outbox, or its journal after a crash)
 */
public record JobSummary(String jobGuid, String scriptName, JobStatus status, boolean delivered, boolean fromEarlierRun) {

    public JobSummary {
        Objects.requireNonNull(jobGuid, "jobGuid");
        Objects.requireNonNull(status, "status");
        scriptName = scriptName == null ? "" : scriptName;
    }
}
