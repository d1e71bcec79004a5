package dev.belay.reliability;

import java.util.List;
import java.util.stream.Collectors;

/** What one case did and which invariants held. */
record CaseResult(String id, String injected, String exits, String finals, List<Check> checks, long millis,
                  String knownFailure, String transcript) {

    boolean held() {
        return checks.stream().noneMatch(c -> c.outcome() == Check.Outcome.FAILED);
    }

    Check check(String invariant) {
        return checks.stream().filter(c -> c.invariant().equals(invariant)).findFirst()
                .orElse(Check.notApplicable(invariant, "not checked"));
    }

    String failures() {
        return checks.stream().filter(c -> c.outcome() == Check.Outcome.FAILED)
                .map(c -> c.invariant() + ": " + c.detail()).collect(Collectors.joining("; "));
    }

    /** Details of what did not simply hold, and every check beyond the table's columns (marked). */
    String notes() {
        return checks.stream()
                .filter(c -> !Invariants.ALL.contains(c.invariant()) || (c.outcome() != Check.Outcome.HELD && !c.detail().isEmpty())
                        || (c.invariant().equals(Invariants.PROTOCOL) && !c.detail().isEmpty()))
                .map(c -> (Invariants.ALL.contains(c.invariant()) ? "" : c.outcome().mark + " ") + c.invariant()
                        + (c.detail().isEmpty() ? "" : ": " + c.detail()))
                .collect(Collectors.joining("; "));
    }

    CaseResult with(List<Check> more) {
        List<Check> all = new java.util.ArrayList<>(checks);
        all.addAll(more);
        return new CaseResult(id, injected, exits, finals, List.copyOf(all), millis, knownFailure, transcript);
    }
}
