package dev.belay.reliability;

import dev.belay.testkit.fake.FakeFault;
import dev.belay.testkit.fake.FakeJob;
import dev.belay.testkit.fake.FakeOrchestrator;
import dev.belay.testkit.fake.FaultRule;
import dev.belay.testkit.fake.When;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * One case: its own robot GUID, its own folder (scripts, state, HOME), its jobs and faults on the shared
 * fake. Cases of one class run in parallel on one fake; nothing they select can touch another case's
 * robot or jobs (faults select by RobotGUID or job GUID).
 */
final class Case {

    final String id;
    String injected;
    final String robot = FakeOrchestrator.newRobotGuid();
    final List<String> jobs = new ArrayList<>();
    final Map<String, Integer> expectedFinal = new LinkedHashMap<>();
    final Set<String> expectedViolations = new TreeSet<>();
    final List<FaultRule> rules = new ArrayList<>();
    final List<String> extraArgs = new ArrayList<>();
    Set<Integer> expectedExit;
    /**
     * Several independent cases in one agent run: job → {row id, what was injected}. Each row is reported on
     * its own: per-job invariants for its job, per-run invariants (exit, console, secrets) from the shared run.
     */
    final Map<String, String[]> rows = new LinkedHashMap<>();
    final Map<String, String> knownByRow = new LinkedHashMap<>();
    /** Known failures by row id, looked up when the rows are checked (rows are only named during setup). */
    Map<String, String> knownSource = Map.of();
    String knownFailure;
    boolean followUpOnExit5 = true;
    private final Consumer<Case> setup;
    final List<Consumer<Case>> extraSetup = new ArrayList<>();
    FakeOrchestrator fake;
    Path dir;

    Case(String id, String injected, Consumer<Case> setup) {
        this.id = id;
        this.injected = injected;
        this.setup = setup;
    }

    void setUp(FakeOrchestrator on, Path folder) {
        this.fake = on;
        this.dir = folder;
        fake.registerRobot(robot);
        setup.accept(this);
        extraSetup.forEach(s -> s.accept(this));
    }

    /** Queues a job for this case's robot only. */
    String job(FakeJob.Builder job) {
        String guid = fake.enqueue(job.forRobot(robot).build());
        jobs.add(guid);
        return guid;
    }

    String job(String script, String task) {
        return job(FakeJob.builder(script).task(task));
    }

    FaultRule inject(When when, FakeFault fault) {
        FaultRule r = fake.inject(when, fault);
        rules.add(r);
        return r;
    }

    When heartbeats() {
        return When.heartbeat().withField("RobotGUID", robot);
    }

    When consumes() {
        return When.consumeNextJob().withField("RobotGUID", robot);
    }

    Case expect(String job, int finalStatus) {
        expectedFinal.put(job, finalStatus);
        return this;
    }

    Case expectExit(Integer... codes) {
        expectedExit = Set.of(codes);
        return this;
    }

    Case expectViolations(String... rules) {
        expectedViolations.addAll(List.of(rules));
        return this;
    }

    Case knownFailure(String reason) {
        knownFailure = reason;
        return this;
    }

    /** Marks a job of a batched run as its own reported case. */
    Case row(String job, String rowId, String rowInjected) {
        rows.put(job, new String[] {rowId, rowInjected});
        return this;
    }

    Case args(String... more) {
        extraArgs.addAll(List.of(more));
        return this;
    }

    void cancelFaults() {
        rules.forEach(FaultRule::cancel);
    }
}
