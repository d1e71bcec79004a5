package dev.belay.testkit.fake;

import org.assertj.core.api.AbstractAssert;

import java.util.List;
import java.util.stream.Collectors;

/**
 * AssertJ entry point for a {@link FakeOrchestrator}.
 *
 * <pre>{@code
 * assertThat(fake).hasNoViolations();
 * assertThat(fake).heartbeats().haveMinimumGap(Duration.ofSeconds(1));
 * assertThat(fake).job(guid).hasStatusHistory(8, 4);
 * assertThat(fake).consumeRequests().hasSize(1);
 * }</pre>
 */
public final class FakeOrchestratorAssert extends AbstractAssert<FakeOrchestratorAssert, FakeOrchestrator> {

    private FakeOrchestratorAssert(FakeOrchestrator actual) {
        super(actual, FakeOrchestratorAssert.class);
    }

    public static FakeOrchestratorAssert assertThat(FakeOrchestrator actual) {
        return new FakeOrchestratorAssert(actual);
    }

    /** Fails listing every violation, one per line. */
    public FakeOrchestratorAssert hasNoViolations() {
        isNotNull();
        List<Violation> v = actual.violations();
        if (!v.isEmpty()) {
            failWithMessage("Expected no protocol violations but found %d:%n%s", v.size(),
                    v.stream().map(x -> "  " + x).collect(Collectors.joining(System.lineSeparator())));
        }
        return this;
    }

    /** At least one violation of this rule (e.g. {@code heartbeat.spacing}); see {@link Violation#rule()}. */
    public FakeOrchestratorAssert hasViolation(String rule) {
        isNotNull();
        if (actual.violations().stream().noneMatch(x -> x.rule().equals(rule))) {
            failWithMessage("Expected a violation of rule <%s> but found: %s", rule, actual.violations());
        }
        return this;
    }

    /** Violations, as a list to assert on. */
    public org.assertj.core.api.ListAssert<Violation> violations() {
        return org.assertj.core.api.Assertions.assertThat(actual.violations());
    }

    public JournalAssert requests() {
        return new JournalAssert(actual.journal(), "all requests");
    }

    public JournalAssert heartbeats() {
        return new JournalAssert(actual.journal(Endpoint.HEARTBEAT), "heartbeats");
    }

    public JournalAssert consumeRequests() {
        return new JournalAssert(actual.journal(Endpoint.CONSUME_NEXT_JOB), "consumeNextJob requests");
    }

    public JournalAssert jobUpdates() {
        return new JournalAssert(actual.journal(Endpoint.JOB_UPDATE), "job updates");
    }

    /** The job with this GUID; fails if the fake never queued it. */
    public JobStateAssert job(String jobGuid) {
        isNotNull();
        JobState state = actual.job(jobGuid).orElse(null);
        if (state == null) {
            failWithMessage("Expected a job with GUID <%s> but the fake knows only %s", jobGuid,
                    actual.jobs().stream().map(JobState::guid).collect(Collectors.toList()));
        }
        return new JobStateAssert(state);
    }

    /** Every queued job was consumed and has a final status. */
    public FakeOrchestratorAssert allJobsFinished() {
        isNotNull();
        List<String> open = actual.jobs().stream().filter(j -> j.finalStatus().isEmpty())
                .map(j -> j.guid() + " history=" + j.statusHistory() + (j.consumed() ? "" : " (not consumed)"))
                .collect(Collectors.toList());
        if (!open.isEmpty()) {
            failWithMessage("Expected every job to have a final status, but these have none: %s", open);
        }
        return this;
    }
}
