package dev.belay.testkit.fake;

import org.assertj.core.api.AbstractListAssert;
import org.assertj.core.api.ObjectAssert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Assertions over journal entries; the usual list assertions ({@code hasSize}, ...) apply too. */
public final class JournalAssert
        extends AbstractListAssert<JournalAssert, List<? extends JournalEntry>, JournalEntry, ObjectAssert<JournalEntry>> {

    private final String what;

    JournalAssert(List<? extends JournalEntry> actual, String what) {
        super(actual, JournalAssert.class);
        this.what = what;
        as(what);
    }

    /**
     * No two consecutive entries of the same robot arrived closer than {@code gap} (arrival times
     * on the fake's clock). Typically on {@code heartbeats()}.
     */
    public JournalAssert haveMinimumGap(Duration gap) {
        isNotNull();
        java.util.Map<String, JournalEntry> last = new java.util.HashMap<>();
        List<String> tooClose = new ArrayList<>();
        for (JournalEntry e : actual) {
            String robot = e.robotGuid() == null ? "" : e.robotGuid().toLowerCase(java.util.Locale.ROOT);
            JournalEntry prev = last.put(robot, e);
            if (prev != null) {
                Duration d = Duration.between(prev.time(), e.time());
                if (d.compareTo(gap) < 0) {
                    tooClose.add("#" + prev.number() + " -> #" + e.number() + ": " + d.toMillis() + " ms");
                }
            }
        }
        if (!tooClose.isEmpty()) {
            failWithMessage("Expected %s at least %s ms apart, but: %s", what, gap.toMillis(), tooClose);
        }
        return this;
    }

    /** Only the entries that match. */
    public JournalAssert filteredOn(String description, Predicate<JournalEntry> p) {
        List<JournalEntry> out = new ArrayList<>();
        actual.forEach(e -> {
            if (p.test(e)) {
                out.add(e);
            }
        });
        return new JournalAssert(out, what + " " + description);
    }

    /** Entries with this {@code Status}/{@code status} field. */
    public JournalAssert withStatus(int status) {
        return filteredOn("with status " + status, e -> e.status().orElse(-1) == status);
    }

    /** Entries about this job (JobGUID of heartbeats, guid of updates). */
    public JournalAssert forJob(String jobGuid) {
        return filteredOn("for job " + jobGuid, e -> e.jobGuid().map(jobGuid::equalsIgnoreCase).orElse(false));
    }

    /** Entries from this robot. */
    public JournalAssert fromRobot(String robotGuid) {
        return filteredOn("from robot", e -> robotGuid.equalsIgnoreCase(e.robotGuid()));
    }

    /** Entries a fault was applied to. */
    public JournalAssert faulted() {
        return filteredOn("hit by a fault", e -> e.reply().faulted());
    }

    @Override
    protected ObjectAssert<JournalEntry> toAssert(JournalEntry value, String description) {
        return new ObjectAssert<>(value).as(description);
    }

    @Override
    protected JournalAssert newAbstractIterableAssert(Iterable<? extends JournalEntry> iterable) {
        List<JournalEntry> out = new ArrayList<>();
        iterable.forEach(out::add);
        return new JournalAssert(out, what);
    }
}
