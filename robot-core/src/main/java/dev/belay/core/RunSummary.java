package dev.belay.core;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Robot#run()} did.
 *
 * @param jobs      every job whose final status this run decided on or delivered, in order
 * @param endReason why the run ended
 * @param loggedOff true if {@link SessionControl#logoff()} was called (and did not throw)
 */
public record RunSummary(List<JobSummary> jobs, EndReason endReason, boolean loggedOff) {

    public RunSummary {
        jobs = List.copyOf(jobs);
        Objects.requireNonNull(endReason, "endReason");
    }

    /** The launcher's exit code. */
    public int exitCode() {
        return endReason.exitCode();
    }
}
