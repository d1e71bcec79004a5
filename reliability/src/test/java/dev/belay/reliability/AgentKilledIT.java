package dev.belay.reliability;

import dev.belay.testkit.fake.Endpoint;
import dev.belay.testkit.fake.FakeFault;
import dev.belay.testkit.fake.FakeOrchestrator;
import dev.belay.testkit.fake.JournalEntry;
import dev.belay.testkit.fake.When;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * kill -9 of the agent at the worst moments; the next start must clean up what is left of the job and report
 * it — Failed when the job was cut short, its own status when that was already in the outbox.
 */
class AgentKilledIT {

    /** Long enough that the agent is certainly killed while the request is held. */
    static final Duration HOLD = Duration.ofSeconds(8);
    static FakeOrchestrator fake;

    /** Cases that do not hold yet, with the reason (see RELIABILITY.md): none at the moment. */
    static final Map<String, String> KNOWN = Map.of();

    @BeforeAll
    static void startFake() {
        fake = FakeOrchestrator.builder().minHeartbeatInterval(Agent.INTERVAL).build().start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    /** @param alsoKillScript SIGKILL the script's own process too (a power cut: only what it started survives) */
    record Kill(String id, String injected, String script, int expectedFinal, Hold hold, boolean alsoKillScript) {
        Kill(String id, String injected, String script, int expectedFinal, Hold hold) {
            this(id, injected, script, expectedFinal, hold, false);
        }
    }

    private static Hold readyFile(String name) {
        return new Hold() {
            public void inject(Case c, String job) {
            }

            public Predicate<Case> reached(String job) {
                return c -> Files.exists(c.dir.resolve("scripts").resolve(name));
            }
        };
    }

    /** What to hold and how to see that the agent is in it. */
    interface Hold {
        void inject(Case c, String job);

        Predicate<Case> reached(String job);
    }

    @TestFactory
    Stream<DynamicTest> agentKilled() {
        long t0 = System.nanoTime();
        List<Kill> kills = List.of(
                new Kill("K1 kill -9 mid-job", "kill -9 of the agent once tree.py, its child and its grandchild are up", "rel/tree", 5,
                        readyFile("tree.ready")),
                new Kill("K5 kill -9 mid-job, script left a daemon", "kill -9 of the agent once daemon.py has a setsid'd, double-forked "
                        + "grandchild that ignores SIGTERM/SIGINT/SIGHUP", "rel/daemon", 5, readyFile("daemon.ready")),
                new Kill("K6 kill -9 of agent and script", "kill -9 of the script's own process, then of the agent, once tree.py's "
                        + "child and grandchild are up (only they survive: the next start must find them)", "rel/tree", 5,
                        readyFile("tree.ready"), true),
                new Kill("K2 kill -9 mid-update to 8", "update to 8 held " + HOLD.toSeconds() + " s by the fake (committed); kill -9 once it arrived",
                        "rel/tree", 5, hold(When.jobUpdate().withStatus(8), e -> e.endpoint() == Endpoint.JOB_UPDATE && e.status().orElse(0) == 8)),
                new Kill("K3 kill -9 mid-final-update", "final update (4) held " + HOLD.toSeconds() + " s by the fake (committed); kill -9 once it arrived",
                        "rel/work", 4, hold(When.jobUpdate().withStatus(4), e -> e.endpoint() == Endpoint.JOB_UPDATE && e.status().orElse(0) == 4)),
                new Kill("K4 kill -9 mid-heartbeat", "2nd Working heartbeat held " + HOLD.toSeconds() + " s by the fake; kill -9 once it arrived",
                        "rel/tree", 5, new Hold() {
                            public void inject(Case c, String job) {
                                c.inject(When.heartbeat().working().forJob(job).nth(2), FakeFault.delay(HOLD));
                            }

                            public Predicate<Case> reached(String job) {
                                return c -> c.fake.journal(Endpoint.HEARTBEAT).stream()
                                        .filter(e -> e.jobGuid().filter(job::equals).isPresent()).count() >= 2
                                        && Files.exists(c.dir.resolve("scripts").resolve("tree.ready"));
                            }
                        }));
        List<CaseResult> results = new ArrayList<>();
        for (Kill k : kills) {
            long t = System.nanoTime();
            Case c = new Case(k.id(), k.injected(), cc -> { });
            c.knownFailure(KNOWN.get(k.id()));
            try {
                results.add(run(k, c, t));
            } catch (Exception | AssertionError e) {
                results.add(Harness.harnessFailure(c, e, t));
            }
        }
        results.sort(java.util.Comparator.comparing(CaseResult::id));
        Report.add(new Report.Section(3, "3. Agent killed (kill -9)",
                "The agent (`Process.destroyForcibly()`, SIGKILL) is killed at an observable moment: the script tree is up "
                        + "(`tree.ready`), or the fake has received the held request (journal). Then the agent is started again with the "
                        + "same state folder and no fault. The leftover processes right after the kill are counted from /proc.",
                "", results, (System.nanoTime() - t0) / 1_000_000));
        return Verdicts.of(results);
    }

    private static Hold hold(When when, Predicate<JournalEntry> arrived) {
        return new Hold() {
            public void inject(Case c, String job) {
                c.inject(when.forJob(job).nth(1), FakeFault.delay(HOLD));
            }

            public Predicate<Case> reached(String job) {
                return c -> c.fake.journal().stream().anyMatch(e -> arrived.test(e) && e.jobGuid().filter(job::equals).isPresent());
            }
        };
    }

    private CaseResult run(Kill k, Case c, long t0) throws Exception {
        Path dir = Harness.WORK.resolve(k.id().substring(0, 2));
        Scripts.install(dir);
        c.setUp(fake, dir);
        String job = c.job(k.script(), "{\"sleep\":0.1}");
        c.expect(job, k.expectedFinal());
        k.hold().inject(c, job);
        Agent.Started agent = Harness.agent(fake, c).start("run1");
        Predicate<Case> reached = k.hold().reached(job);
        Waits.until(k.id() + ": the moment to kill", Duration.ofSeconds(60), () -> reached.test(c));
        if (k.alsoKillScript()) {
            long root = Long.parseLong(Files.readString(dir.resolve("scripts").resolve("pids").resolve("script.pid")).trim());
            ProcessHandle.of(root).ifPresent(ProcessHandle::destroyForcibly);
        }
        Agent.Result killed = agent.kill();
        List<Long> leftAfterKill = Procs.awaitNoneOf(List.of(job), dir, List.of(killed.pid()), 300);
        c.cancelFaults();
        int mark = fake.journal().size();
        Agent.Result next = Harness.agent(fake, c).run("run2");
        List<JournalEntry> run2 = fake.journal().subList(mark, fake.journal().size()).stream()
                .filter(e -> c.robot.equalsIgnoreCase(String.valueOf(e.robotGuid())) || e.jobGuid().filter(job::equals).isPresent())
                .toList();
        boolean reportedFirst = !run2.isEmpty() && run2.get(0).endpoint() == Endpoint.JOB_UPDATE
                && run2.get(0).status().orElse(-1) == k.expectedFinal();
        List<Check> extra = new ArrayList<>();
        extra.add(Check.held("left after kill -9", leftAfterKill.size() + " process(es) of the job still alive right after the kill"));
        extra.add(Check.of("next start reports it before its first heartbeat", reportedFirst,
                "run 2 requests: " + run2.stream().map(e -> e.endpoint() + e.status().map(s -> "(" + s + ")").orElse("")).limit(5).toList()));
        // run 1 was killed by the suite: its exit code (137) is ours, not the agent's; only run 2's counts.
        CaseResult r = Invariants.check(c, List.of(next), t0).with(extra);
        Agent.Result forConsole = new Agent.Result("run1", 0, killed.stdout(), killed.stderr(), killed.millis(), false, killed.pid());
        CaseResult console = Invariants.check(c, List.of(forConsole, next), t0);
        List<Check> checks = new ArrayList<>(r.checks());
        checks.replaceAll(ch -> ch.invariant().equals(Invariants.CONSOLE) || ch.invariant().equals(Invariants.SECRETS)
                ? console.check(ch.invariant()) : ch);
        return new CaseResult(r.id(), r.injected(), "killed→" + next.exitCode(), r.finals(), checks, r.millis(), c.knownFailure, r.transcript());
    }
}
