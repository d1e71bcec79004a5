package dev.belay.reliability;

import dev.belay.testkit.fake.FakeOrchestrator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs cases: set up, run the real agent, run it again when it left a status in the outbox, check. */
final class Harness {

    static final Path WORK = Path.of(System.getProperty("reliability.work", "target/rel-cases")).toAbsolutePath();
    /** Agents run at once on one fake; each has its own robot, state and scripts. */
    static final int PARALLEL = Integer.getInteger("reliability.parallel", 4);

    private Harness() {
    }

    static Agent agent(FakeOrchestrator fake, Case c) {
        return new Agent(c.dir, fake.baseUrl(), c.robot).args(c.extraArgs);
    }

    static List<CaseResult> run(FakeOrchestrator fake, Case c) {
        long t0 = System.nanoTime();
        try {
            Path dir = WORK.resolve(c.id);
            Scripts.install(dir);
            c.setUp(fake, dir);
            List<Agent.Result> runs = new ArrayList<>();
            Agent.Result first = agent(fake, c).run("run1");
            runs.add(first);
            if (first.exitCode() == 5 && c.followUpOnExit5) {
                // The orchestrator is healthy again: the next start must deliver what the outbox holds.
                c.cancelFaults();
                runs.add(agent(fake, c).run("run2"));
            }
            return Invariants.checkRows(c, runs, t0);
        } catch (Exception | AssertionError e) {
            return List.of(harnessFailure(c, e, t0));
        }
    }

    static CaseResult harnessFailure(Case c, Throwable e, long t0) {
        return new CaseResult(c.id, c.injected, "?", "?", List.of(Check.failed("harness", e.toString())),
                (System.nanoTime() - t0) / 1_000_000, c.knownFailure, e.toString());
    }

    static List<CaseResult> runAll(FakeOrchestrator fake, List<Case> cases) {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<List<CaseResult>>> futures = new ArrayList<>();
            for (Case c : cases) {
                futures.add(pool.submit(() -> run(fake, c)));
            }
            List<CaseResult> results = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    results.addAll(futures.get(i).get());
                } catch (Exception e) {
                    results.add(harnessFailure(cases.get(i), e, System.nanoTime()));
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
