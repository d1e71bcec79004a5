package dev.belay.testkit.fake;

import org.assertj.core.api.AbstractAssert;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Assertions on one job's state in the fake. */
public final class JobStateAssert extends AbstractAssert<JobStateAssert, JobState> {

    JobStateAssert(JobState actual) {
        super(actual, JobStateAssert.class);
    }

    /** The reported statuses, in order, repeats (idempotent retries) collapsed. */
    public JobStateAssert hasStatusHistory(int... statuses) {
        isNotNull();
        List<Integer> expected = Arrays.stream(statuses).boxed().collect(Collectors.toList());
        if (!actual.statusHistory().equals(expected)) {
            failWithMessage("Expected job <%s> to have status history %s but it was %s", actual.guid(), expected,
                    actual.statusHistory());
        }
        return this;
    }

    public JobStateAssert hasFinalStatus(int status) {
        isNotNull();
        if (!actual.finalStatus().equals(java.util.Optional.of(status))) {
            failWithMessage("Expected job <%s> to have final status %s but its history is %s", actual.guid(), status,
                    actual.statusHistory());
        }
        return this;
    }

    public JobStateAssert wasConsumed() {
        isNotNull();
        if (!actual.consumed()) {
            failWithMessage("Expected job <%s> to have been consumed, but it is still queued", actual.guid());
        }
        return this;
    }

    public JobStateAssert wasNotConsumed() {
        isNotNull();
        if (actual.consumed()) {
            failWithMessage("Expected job <%s> to be still queued, but it was consumed at %s", actual.guid(),
                    actual.consumedAt());
        }
        return this;
    }

    public JobStateAssert wasConsumedBy(String robotGuid) {
        wasConsumed();
        if (!actual.consumedBy().equalsIgnoreCase(robotGuid)) {
            failWithMessage("Expected job <%s> to have been consumed by another robot", actual.guid());
        }
        return this;
    }
}
