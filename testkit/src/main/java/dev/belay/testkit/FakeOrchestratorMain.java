package dev.belay.testkit;

import dev.belay.testkit.fake.AuthScheme;
import dev.belay.testkit.fake.FakeJob;
import dev.belay.testkit.fake.FakeOrchestrator;
import dev.belay.testkit.fake.JobState;
import dev.belay.testkit.fake.JobStatus;
import dev.belay.testkit.fake.JobUpdateDialect;
import dev.belay.testkit.fake.JournalEntry;
import dev.belay.testkit.fake.ReplyStyle;
import dev.belay.testkit.fake.Violation;
import dev.belay.testkit.fake.internal.JobsFile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * The fake orchestrator as a program, for pointing a real robot machine at it:
 * {@code java -jar belay-fake-orchestrator.jar --port 4500 --jobs jobs.json [--robot GUID]}.
 * Prints one line per request and every violation; Ctrl+C or SIGTERM stops it and prints a summary.
 * This is a command line program, so it writes to the console directly.
 */
public final class FakeOrchestratorMain {

    private static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar belay-fake-orchestrator.jar [options]",
            "  --port N                      port to listen on (default 4500; 0 = any free port)",
            "  --bind ADDRESS                address to bind (default 0.0.0.0: robots on other machines may connect)",
            "  --jobs FILE                   jobs.json to queue (format: testkit/README.md)",
            "  --robot GUID                  a registered robot (repeatable; default: one random GUID, printed)",
            "  --min-heartbeat-interval DUR  closer heartbeats of one robot are violations (default 10s; 0 = off)",
            "  --auth-scheme Basic|Bearer|Either   (default Basic)",
            "  --job-update PUT|POST|ANY     accepted job update dialect (default PUT with guid/status)",
            "  --embedded-objects            send Job/ProcessVersion/Task as objects, not JSON strings",
            "  --lowercase-keys              send guid/name instead of GUID/Name inside Job/ProcessVersion",
            "  --extra-fields                add fields the protocol does not define",
            "  --help");

    private FakeOrchestratorMain() {
    }

    public static void main(String[] args) throws Exception {
        // No SLF4J provider is bundled: silence its start-up notice, the console lines below say it all.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        int code = run(args, out);
        if (code != 0) {
            System.exit(code);
        }
    }

    static int run(String[] args, PrintStream out) throws Exception {
        FakeOrchestrator.Builder builder = FakeOrchestrator.builder().port(4500).bindAddress("0.0.0.0");
        List<String> robots = new ArrayList<>();
        List<FakeJob> jobs = new ArrayList<>();
        ReplyStyle style = ReplyStyle.defaults();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--help":
                    case "-h":
                        out.println(USAGE);
                        return 0;
                    case "--port":
                        builder.port(Integer.parseInt(value(args, ++i, a)));
                        break;
                    case "--bind":
                        builder.bindAddress(value(args, ++i, a));
                        break;
                    case "--jobs":
                        JobsFile.Contents c = JobsFile.read(Path.of(value(args, ++i, a)));
                        robots.addAll(c.robots());
                        jobs.addAll(c.jobs());
                        break;
                    case "--robot":
                        robots.add(value(args, ++i, a));
                        break;
                    case "--min-heartbeat-interval":
                        builder.minHeartbeatInterval(JobsFile.parseDuration(value(args, ++i, a)));
                        break;
                    case "--auth-scheme":
                        builder.authScheme(AuthScheme.valueOf(value(args, ++i, a).toUpperCase(Locale.ROOT)));
                        break;
                    case "--job-update":
                        String d = value(args, ++i, a).toUpperCase(Locale.ROOT);
                        builder.jobUpdateDialect(d.equals("PUT") ? JobUpdateDialect.PUT_LOWERCASE
                                : d.equals("POST") ? JobUpdateDialect.POST_PASCALCASE : JobUpdateDialect.valueOf(d));
                        break;
                    case "--embedded-objects":
                        style = style.withInnerObjects(ReplyStyle.InnerObjects.EMBEDDED_OBJECTS);
                        break;
                    case "--lowercase-keys":
                        style = style.withLowercaseInnerKeys(true);
                        break;
                    case "--extra-fields":
                        style = style.withExtraFields(true);
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option " + a);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("fake orchestrator: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        if (robots.isEmpty()) {
            robots.add(UUID.randomUUID().toString());
        }
        builder.robots(robots).replyStyle(style).onRequest(e -> print(out, e));

        FakeOrchestrator fake = builder.build();
        try {
            jobs.forEach(fake::enqueue);
            fake.start();
        } catch (RuntimeException e) {
            // Typically the port is taken: one line, not a stack trace.
            System.err.println("fake orchestrator: cannot start: " + e.getMessage());
            return 1;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                fake.stop();
            } catch (RuntimeException e) {
                // Jetty's own shutdown hook may be stopping the server at the same moment.
                out.println("(while stopping: " + e + ")");
            } finally {
                summary(out, fake);
                stopped.countDown();
            }
        }, "fake-orchestrator-shutdown"));

        out.println("Fake orchestrator listening on port " + fake.port() + " (" + fake.baseUrl() + " from this machine)");
        out.println("Registered robots (the robot's GUID must be one of these): " + String.join(", ", robots));
        out.println(jobs.size() + " job(s) queued: " + jobs.stream()
                .map(j -> j.scriptName() + " [" + j.guid() + "]").collect(Collectors.joining(", ")));
        out.println("Minimum heartbeat interval: " + fake.minHeartbeatInterval().toMillis() + " ms. Ctrl+C to stop.");
        stopped.await();
        return 0;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static void print(PrintStream out, JournalEntry e) {
        out.println(e.toLogLine());
        for (Violation v : e.violations()) {
            out.println("  VIOLATION [" + v.rule() + "] " + v.message());
        }
    }

    private static void summary(PrintStream out, FakeOrchestrator fake) {
        out.println("Fake orchestrator stopped after " + fake.journal().size() + " request(s).");
        for (JobState j : fake.jobs()) {
            out.println("  job " + j.guid() + " " + j.job().scriptName() + ": "
                    + (j.consumed() ? "history " + j.statusHistory().stream().map(s -> s + " " + JobStatus.name(s))
                    .collect(Collectors.joining(" -> ", "[", "]")) : "not consumed"));
        }
        List<Violation> violations = fake.violations();
        out.println(violations.isEmpty() ? "No protocol violations." : violations.size() + " protocol violation(s):");
        violations.forEach(v -> out.println("  " + v));
    }
}
