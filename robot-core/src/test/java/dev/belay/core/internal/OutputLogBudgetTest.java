package dev.belay.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutputLogBudgetTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstIsLoggedThenATrickleWithANoteOfWhatWasLeftOut() {
        OutputLogBudget budget = new OutputLogBudget(3, 2, 0);

        assertThat(budget.admit(0)).isZero();
        assertThat(budget.admit(0)).isZero();
        assertThat(budget.admit(0)).isZero();
        assertThat(budget.admit(0)).as("the burst is spent").isEqualTo(-1);
        assertThat(budget.admit(SECOND / 10)).isEqualTo(-1);
        assertThat(budget.skipped()).isEqualTo(2);
        assertThat(budget.admit(SECOND / 2)).as("half a second at 2/s refills one line; a note waits for a whole second")
                .isZero();
        assertThat(budget.admit(SECOND / 2)).isEqualTo(-1);
        assertThat(budget.admit(2 * SECOND)).as("the note counts every line left out so far").isEqualTo(3);
        assertThat(budget.skipped()).isZero();
    }

    @Test
    void aQuietScriptIsNeverCut() {
        OutputLogBudget budget = new OutputLogBudget(OutputLogBudget.BURST, OutputLogBudget.PER_SECOND, 0);
        for (int i = 0; i < 100_000; i++) {
            assertThat(budget.admit(i * (SECOND / 100))).isZero(); // 100 lines a second, forever
        }
    }

    @Test
    void theBucketNeverHoldsMoreThanItsBurst() {
        OutputLogBudget budget = new OutputLogBudget(5, 1000, 0);
        long logged = 0;
        for (int i = 0; i < 100; i++) {
            if (budget.admit(3600 * SECOND) >= 0) {
                logged++;
            }
        }
        assertThat(logged).isEqualTo(5);
    }

    @Test
    void takeSkippedHandsOverWhatWasLeftOutOnce() {
        OutputLogBudget budget = new OutputLogBudget(2, 1, 0);
        for (int i = 0; i < 5; i++) {
            budget.admit(0);
        }
        assertThat(budget.takeSkipped()).as("five lines at once, a burst of two").isEqualTo(3);
        assertThat(budget.takeSkipped()).as("noted once").isZero();
        assertThat(budget.admit(10 * SECOND)).as("a note already made is not made again").isZero();
    }
}
