package dev.belay.testkit.fake;

/** A fault injected into a running fake: how often it hit, and a way to take it back. */
public interface FaultRule {

    When when();

    FakeFault fault();

    /** How many requests this fault was applied to so far. */
    long hits();

    /** Whether every request the rule selects has been seen (it will never hit again). */
    boolean exhausted();

    /** Removes the rule; requests already hit stay in the journal. */
    void cancel();
}
