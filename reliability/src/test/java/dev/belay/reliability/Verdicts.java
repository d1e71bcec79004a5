package dev.belay.reliability;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

/** One JUnit test per case: it passes when every invariant held; a known failure is reported as skipped with its reason. */
final class Verdicts {
    private Verdicts() {
    }

    static Stream<DynamicTest> of(List<CaseResult> results) {
        return results.stream().map(r -> dynamicTest(r.id(), () -> {
            if (r.held()) {
                return;
            }
            if (r.knownFailure() != null) {
                Assumptions.abort("known failing (listed in RELIABILITY.md): " + r.knownFailure() + " — " + r.failures());
            }
            throw new AssertionError(r.id() + " [" + r.injected() + "]: " + r.failures() + "\n" + r.transcript());
        }));
    }
}
