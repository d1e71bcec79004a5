package dev.belay.testkit.fake.internal;

import dev.belay.testkit.fake.FakeFault;
import dev.belay.testkit.fake.FaultRule;
import dev.belay.testkit.fake.When;

import java.util.concurrent.atomic.AtomicLong;

/** A fault rule; its counters are changed under the state's lock, read from any thread. */
final class FaultRuleImpl implements FaultRule {

    private final When when;
    private final FakeFault fault;
    private final Runnable onCancel;
    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();

    FaultRuleImpl(When when, FakeFault fault, Runnable onCancel) {
        this.when = when;
        this.fault = fault;
        this.onCancel = onCancel;
    }

    /** Counts a matching request; true if it falls in the rule's window. */
    boolean countAndSelect() {
        long n = seen.incrementAndGet();
        return n >= when.from() && n - when.from() < when.count();
    }

    void hit() {
        hits.incrementAndGet();
    }

    @Override
    public When when() {
        return when;
    }

    @Override
    public FakeFault fault() {
        return fault;
    }

    @Override
    public long hits() {
        return hits.get();
    }

    @Override
    public boolean exhausted() {
        long n = seen.get();
        return when.count() != Long.MAX_VALUE && n - when.from() + 1 >= when.count();
    }

    @Override
    public void cancel() {
        onCancel.run();
    }

    @Override
    public String toString() {
        return when + " -> " + fault + " (hits " + hits() + ")";
    }
}
