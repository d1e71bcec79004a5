package dev.belay.reliability;

import dev.belay.testkit.fake.Endpoint;
import dev.belay.testkit.fake.FakeOrchestrator;
import dev.belay.testkit.fake.JournalEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The orchestrator goes away mid-job for longer than every retry budget: the script keeps running, the agent
 * ends with exit 5 and the status in its outbox, no logoff; the orchestrator comes back on the same port with
 * its state; the next run delivers the status before its first heartbeat, and only then logs off.
 */
class OutageIT {

    static final String LOGOFF_ANNOUNCED = "only Windows sessions are logged off"; // the launcher's Linux SessionControl
    static final String LOGOFF_DEBUG = "logging the session off";                  // robot-core, at DEBUG
    static FakeOrchestrator fake;

    @BeforeAll
    static void startFake() {
        fake = FakeOrchestrator.builder().minHeartbeatInterval(Agent.INTERVAL).build().start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @TestFactory
    Stream<DynamicTest> outage() {
        long t0 = System.nanoTime();
        Case c = new Case("O1 outage mid-job, longer than all retries",
                "fake.stop() once the script is running (connection refused); fake.start() after the agent ended", cc -> { });
        CaseResult result;
        try {
            result = run(c, t0);
        } catch (Exception | AssertionError e) {
            if (fake != null && !fake.isRunning()) {
                fake.start();
            }
            result = Harness.harnessFailure(c, e, t0);
        }
        List<CaseResult> results = List.of(result);
        Report.add(new Report.Section(2, "2. Outage mid-job",
                "`rel/hold.py` counts in `progress.txt` until the suite releases it. Once it is running the fake stops (nothing "
                        + "listens: every request is refused); the suite checks the script keeps counting, releases it, and waits for the "
                        + "agent to end by itself (retry budget 2 s). Run 1 and run 2 use `--logoff`. Then `fake.start()` (same port, "
                        + "same state) and a second start of the agent.", "", results, (System.nanoTime() - t0) / 1_000_000));
        return Verdicts.of(results);
    }

    private CaseResult run(Case c, long t0) throws IOException, InterruptedException {
        Path dir = Harness.WORK.resolve("O1-outage");
        Scripts.install(dir);
        c.setUp(fake, dir);
        String job = c.job("rel/hold", null);
        c.expect(job, 4);
        c.args("--logoff");
        Path scripts = dir.resolve("scripts");

        Agent.Started agent = Harness.agent(fake, c).start("run1");
        Waits.until("hold.py ready", Duration.ofSeconds(60), () -> Files.exists(scripts.resolve("hold.ready")));
        fake.stop();
        long ticksAtOutage = progress(scripts);
        // Several heartbeat intervals of outage with the script still counting: it is not touched by failed heartbeats.
        Waits.until("the script counting through the outage", Duration.ofSeconds(30), () -> progress(scripts) >= ticksAtOutage + 30);
        boolean scriptRanThrough = !Procs.ofJob(job).isEmpty() || !Procs.ofRunsIn(scripts).isEmpty();
        Files.createFile(scripts.resolve("release.txt"));
        Agent.Result first = agent.await(Agent.RUN_TIMEOUT);
        long inOutbox = countFiles(dir.resolve("state").resolve("outbox"));
        boolean logoffInRun1 = first.console().contains(LOGOFF_ANNOUNCED) || first.console().contains(LOGOFF_DEBUG);

        fake.start();
        int mark = fake.journal().size();
        Agent.Result second = Harness.agent(fake, c).run("run2");
        List<JournalEntry> run2 = fake.journal().subList(mark, fake.journal().size()).stream()
                .filter(e -> c.robot.equalsIgnoreCase(String.valueOf(e.robotGuid())) || e.jobGuid().filter(job::equals).isPresent())
                .toList();
        int firstUpdate = indexOf(run2, Endpoint.JOB_UPDATE);
        int firstHeartbeat = indexOf(run2, Endpoint.HEARTBEAT);
        boolean deliveredFirst = firstUpdate >= 0 && (firstHeartbeat < 0 || firstUpdate < firstHeartbeat)
                && run2.get(firstUpdate).status().orElse(-1) == 4;
        boolean logoffInRun2 = second.console().contains(LOGOFF_ANNOUNCED);

        c.expectExit(5);
        List<Check> extra = new ArrayList<>();
        extra.add(Check.of("script kept running through the outage", scriptRanThrough, "progress went on for 30 ticks after fake.stop()"));
        extra.add(Check.of("run 1 ended exit 5 with the status in the outbox", first.exitCode() == 5 && inOutbox == 1,
                "exit " + first.exitCode() + ", " + inOutbox + " file(s) in state/outbox"));
        extra.add(Check.of("no logoff while a status is undelivered", !logoffInRun1, logoffInRun1 ? "run 1 announced a logoff" : ""));
        extra.add(Check.of("run 2 delivered the outbox before its first heartbeat", deliveredFirst,
                "run 2 requests: " + run2.stream().map(e -> e.endpoint() + e.status().map(s -> "(" + s + ")").orElse("")).limit(6).toList()));
        extra.add(Check.of("run 2 exit 0 and logoff once the outbox is empty", second.exitCode() == 0 && logoffInRun2,
                "exit " + second.exitCode() + (logoffInRun2 ? ", logoff announced" : ", no logoff announced")));
        return Invariants.check(c, List.of(first, second), t0).with(extra);
    }

    private static int indexOf(List<JournalEntry> entries, Endpoint endpoint) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).endpoint() == endpoint) {
                return i;
            }
        }
        return -1;
    }

    private static long progress(Path scripts) {
        try {
            return Long.parseLong(Files.readString(scripts.resolve("progress.txt")).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static long countFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }
}
