package dev.belay.demo;

import ch.qos.logback.classic.Level;
import dev.belay.client.HeartbeatErrorCode;
import dev.belay.client.RobotStatus;
import dev.belay.core.Robot;
import dev.belay.core.RobotEvent;
import dev.belay.core.RobotState;
import dev.belay.core.RunSummary;
import dev.belay.launcher.Agent;
import dev.belay.launcher.config.ConfigLoader;
import dev.belay.launcher.config.Durations;
import dev.belay.launcher.config.Key;
import dev.belay.launcher.config.LauncherConfig;
import dev.belay.launcher.config.Platform;
import dev.belay.testkit.fake.FakeJob;
import dev.belay.testkit.fake.FakeOrchestrator;
import dev.belay.testkit.fake.JobState;
import dev.belay.testkit.fake.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code java -jar demo/target/belay-demo.jar}: starts the testkit's fake orchestrator with four
 * jobs (success, failure, abort, graceful stop), runs the launcher's own wiring against it with a
 * 1 s heartbeat interval and real Python scripts, prints a timeline and a final table, and exits 0
 * if every job ended as expected with no protocol violation (1 otherwise).
 */
public final class Demo {

    static final List<String> SCRIPTS = List.of("invoices/load_invoices.py", "reports/monthly_report.py",
            "portal/crawl_portal.py", "mail/sync_mailbox.py");

    /** A job of the demo and what it should end as. */
    record DemoJob(String title, FakeJob job, int expectedStatus) { }

    private final PrintStream out;
    private final Duration interval;
    private final Instant start = Instant.now();

    Demo(PrintStream out, Duration interval) {
        this.out = out;
        this.interval = interval;
    }

    /** {@code [--interval DUR]}: the heartbeat interval, 1 s unless given (the tests run it faster). */
    public static void main(String[] args) throws Exception {
        Duration interval = Duration.ofSeconds(1);
        if (args.length == 2 && args[0].equals("--interval")) {
            interval = Durations.parse(args[1]);
        } else if (args.length != 0) {
            System.err.println("usage: java -jar belay-demo.jar [--interval DUR]");
            System.exit(2);
        }
        System.exit(new Demo(new PrintStream(System.out, true, StandardCharsets.UTF_8), interval).run());
    }

    int run() throws Exception {
        Path work = Files.createTempDirectory("belay-demo-");
        Path scripts = extractScripts(work.resolve("scripts"));
        String robotGuid = FakeOrchestrator.newRobotGuid();

        dev.belay.launcher.internal.Logging.consoleOnly(Level.WARN);
        try (FakeOrchestrator fake = FakeOrchestrator.builder().robot(robotGuid).minHeartbeatInterval(interval).build().start()) {
            List<DemoJob> jobs = List.of(
                    new DemoJob("success", FakeJob.builder("invoices\\load_invoices")
                            .task("{\"customer\":\"ACME Ltd\",\"invoices\":[\"INV-1001\",\"INV-1002\",\"INV-1003\"]}").build(), 4),
                    new DemoJob("failure", FakeJob.of("reports/monthly_report"), 5),
                    new DemoJob("abort", FakeJob.builder("portal\\crawl_portal").abortAfterWorkingHeartbeats(2).build(), 3),
                    new DemoJob("graceful stop", FakeJob.builder("mail/sync_mailbox.py").stopAfterWorkingHeartbeats(2).build(), 7));
            jobs.forEach(j -> fake.enqueue(j.job()));

            out.println("Belay demo: a fake orchestrator on " + fake.baseUrl() + " with " + jobs.size() + " jobs;");
            out.println("the agent heartbeats every " + Durations.format(interval) + " and runs real Python scripts from " + scripts);
            out.println();

            Map<Key, String> flags = new EnumMap<>(Key.class);
            flags.put(Key.ORCHESTRATOR, fake.baseUrl());
            flags.put(Key.ROBOT_GUID, robotGuid);
            flags.put(Key.SCRIPTS_DIR, scripts.toString());
            flags.put(Key.STATE_DIR, work.resolve("state").toString());
            flags.put(Key.HEARTBEAT_INTERVAL, interval.toMillis() + "ms");
            flags.put(Key.STOP_GRACE, "5s");
            flags.put(Key.LOGOFF, "false");
            LauncherConfig config = new ConfigLoader(Platform.current()).load(flags, null);

            Map<String, String> titles = new LinkedHashMap<>();
            jobs.forEach(j -> titles.put(j.job().guid(), j.title()));
            Robot robot = Agent.wire(config, Platform.current(), event -> timeline(event, titles),
                    (stream, at, line) -> print(at, "      | " + line));
            RunSummary summary = robot.run();

            out.println();
            return table(jobs, fake, summary);
        } finally {
            deleteQuietly(work);
        }
    }

    private void timeline(RobotEvent event, Map<String, String> titles) {
        if (event instanceof RobotEvent.HeartbeatSent e) {
            String code = e.reply().errorCode() == HeartbeatErrorCode.NO_ERROR ? "" : ", code " + e.reply().errorCodeValue()
                    + " (" + e.reply().errorCode() + ")";
            String what = e.heartbeat().status() == RobotStatus.READY
                    ? "heartbeat Ready -> HasNewJob " + e.reply().hasNewJobValue()
                    : "heartbeat Working" + code;
            print(e.at(), what);
        } else if (event instanceof RobotEvent.StateChanged e && e.to() instanceof RobotState.Starting s) {
            print(e.at(), "job taken (" + titles.getOrDefault(s.job().jobGuid(), "?") + "): script '" + s.job().scriptName()
                    + "', job " + shortGuid(s.job().jobGuid()));
        } else if (event instanceof RobotEvent.ScriptStarted e && e.process() != null) {
            print(e.at(), "script started, pid " + e.process().pid());
        } else if (event instanceof RobotEvent.StopRequested e) {
            print(e.at(), "graceful stop asked of the script (grace " + e.grace().toSeconds() + " s)");
        } else if (event instanceof RobotEvent.AbortRequested e) {
            print(e.at(), "aborting the script and everything it started");
        } else if (event instanceof RobotEvent.ScriptEnded e) {
            String leftovers = e.result() == null || e.result().leftoverProcessesKilled() == 0 ? ""
                    : ", " + e.result().leftoverProcessesKilled() + " leftover process(es) killed";
            print(e.at(), "script ended -> final status " + e.status() + leftovers);
        } else if (event instanceof RobotEvent.StatusDelivered e) {
            print(e.at(), "final status " + e.status() + " delivered");
        } else if (event instanceof RobotEvent.StateChanged e && e.to() instanceof RobotState.Ended end) {
            print(e.at(), "run ended: " + end.reason());
        }
    }

    private synchronized void print(Instant at, String text) {
        double seconds = Duration.between(start, at).toMillis() / 1000.0;
        out.printf("%7.2fs  %s%n", Math.max(0, seconds), text);
    }

    private int table(List<DemoJob> jobs, FakeOrchestrator fake, RunSummary summary) {
        String format = "%-14s %-28s %-10s %-10s %s%n";
        out.printf(format, "job", "script", "expected", "got", "status history (seen by the orchestrator)");
        boolean allAsExpected = true;
        for (DemoJob j : jobs) {
            JobState state = fake.job(j.job().guid()).orElseThrow();
            int got = state.finalStatus().orElse(-1);
            allAsExpected &= got == j.expectedStatus();
            out.printf(format, j.title(), j.job().scriptName(), name(j.expectedStatus()), got < 0 ? "none" : name(got),
                    state.statusHistory());
        }
        List<Violation> violations = fake.violations();
        out.println();
        out.println("run ended: " + summary.endReason() + " (launcher exit code " + summary.exitCode() + "); protocol violations: "
                + violations.size());
        violations.forEach(v -> out.println("  " + v));
        boolean ok = allAsExpected && violations.isEmpty() && summary.exitCode() == 0;
        out.println(ok ? "every job ended as expected." : "SOMETHING WENT WRONG: see above.");
        return ok ? 0 : 1;
    }

    static String name(int status) {
        switch (status) {
            case 3: return "Aborted";
            case 4: return "Success";
            case 5: return "Failed";
            case 7: return "Stopped";
            case 8: return "InProgress";
            default: return String.valueOf(status);
        }
    }

    private static String shortGuid(String guid) {
        return guid.length() > 8 ? guid.substring(0, 8) + "…" : guid;
    }

    static Path extractScripts(Path dir) throws IOException {
        for (String script : SCRIPTS) {
            Path target = dir.resolve(script);
            Files.createDirectories(target.getParent());
            try (InputStream in = Demo.class.getResourceAsStream("scripts/" + script)) {
                if (in == null) {
                    throw new IOException("demo script missing from the jar: " + script);
                }
                Files.copy(in, target);
            }
        }
        return dir;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A temp folder left behind is harmless.
        }
    }
}
