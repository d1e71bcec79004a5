package dev.belay.reliability;

import dev.belay.testkit.fake.Endpoint;
import dev.belay.testkit.fake.JobState;
import dev.belay.testkit.fake.JobStatus;
import dev.belay.testkit.fake.JournalEntry;
import dev.belay.testkit.fake.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The promises, checked after every case from the fake's journal, the case's files and /proc. */
final class Invariants {

    static final String ONE_FINAL = "one final status";
    static final String NOT_TWICE = "not run twice";
    static final String NO_PROCESS = "no process left";
    static final String EXIT = "documented exit";
    static final String CONSOLE = "no stack trace";
    static final String PROTOCOL = "no violation";
    static final String SECRETS = "no secret";
    static final String HOSTILE = "nothing hostile ran";
    static final String AS_EXPECTED = "expected outcome";
    static final List<String> ALL = List.of(ONE_FINAL, NOT_TWICE, NO_PROCESS, EXIT, CONSOLE, PROTOCOL, SECRETS, HOSTILE, AS_EXPECTED);

    static final String LOST_REPLY = "was assigned by the fake, but no usable reply naming it reached the robot (lost, cut short,"
            + " or unreadable as a whole): the protocol has no call to learn of it (launcher/RESILIENCE.md); the robot did not"
            + " repeat the consume blindly (a heartbeat came between any two consumes)";

    private Invariants() {
    }

    static CaseResult check(Case c, List<Agent.Result> runs, long startNanos) throws IOException, InterruptedException {
        return check(c, c.jobs, c.id, c.injected, c.knownFailure, runs, startNanos);
    }

    /** One result per row of a batched case (or the case itself when it has no rows). */
    static List<CaseResult> checkRows(Case c, List<Agent.Result> runs, long startNanos) throws IOException, InterruptedException {
        if (c.rows.isEmpty()) {
            return List.of(check(c, runs, startNanos));
        }
        List<CaseResult> results = new ArrayList<>();
        for (Map.Entry<String, String[]> row : c.rows.entrySet()) {
            String id = row.getValue()[0];
            String known = c.knownByRow.containsKey(id) ? c.knownByRow.get(id) : c.knownSource.get(id);
            results.add(check(c, List.of(row.getKey()), id, row.getValue()[1], known, runs, startNanos));
        }
        return results;
    }

    /**
     * @param focus the jobs whose per-job invariants are checked; violations naming another job of the case are
     *              left to that job's row, robot-level ones count for every row
     */
    static CaseResult check(Case c, List<String> focus, String id, String injected, String known, List<Agent.Result> runs,
                            long startNanos) throws IOException, InterruptedException {
        List<JournalEntry> mine = c.fake.journal().stream()
                .filter(e -> c.robot.equalsIgnoreCase(String.valueOf(e.robotGuid())) || e.jobGuid().map(c.jobs::contains).orElse(false))
                .toList();
        List<Check> checks = new ArrayList<>();
        checks.add(oneFinal(c, focus, mine));
        checks.add(notTwice(c, focus));
        checks.add(noProcess(c, focus, runs));
        checks.add(exit(runs));
        checks.add(console(runs));
        checks.add(protocol(c, focus));
        checks.add(secrets(c, runs));
        checks.add(hostile(c));
        checks.add(asExpected(c, focus, runs));
        String exits = runs.stream().map(r -> r.hung() ? "HUNG" : Integer.toString(r.exitCode())).collect(Collectors.joining("→"));
        String transcript = runs.stream().map(Agent.Result::toString).collect(Collectors.joining("\n"))
                + "\n--- journal of this case\n" + mine.stream().map(JournalEntry::toLogLine).limit(80).collect(Collectors.joining("\n"));
        return new CaseResult(id, injected, exits, finals(c, focus), List.copyOf(checks), (System.nanoTime() - startNanos) / 1_000_000,
                known, transcript);
    }

    static String shortGuid(String guid) {
        return guid.length() <= 8 ? guid : guid.substring(0, 8);
    }

    private static String finals(Case c, List<String> focus) {
        if (focus.isEmpty()) {
            return "no job";
        }
        return focus.stream().map(j -> c.fake.job(j).map(s -> !s.consumed() ? "queued"
                        : s.statusHistory().isEmpty() ? "consumed, none" : s.statusHistory().stream().map(String::valueOf).collect(Collectors.joining("→")))
                .orElse("?")).collect(Collectors.joining(", "));
    }

    private static Check oneFinal(Case c, List<String> focus, List<JournalEntry> mine) throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        boolean consumeReplyLost = mine.stream().anyMatch(e -> e.endpoint() == Endpoint.CONSUME_NEXT_JOB && e.reply().faulted());
        for (String job : focus) {
            JobState s = c.fake.job(job).orElseThrow();
            if (!s.consumed()) {
                continue;
            }
            if (!c.robot.equalsIgnoreCase(s.consumedBy())) {
                problems.add(shortGuid(job) + " consumed by another robot");
                continue;
            }
            long finals = s.statusHistory().stream().filter(JobStatus::isFinal).count();
            boolean named = mine.stream().anyMatch(e -> e.endpoint() != Endpoint.CONSUME_NEXT_JOB && e.jobGuid().filter(job::equals).isPresent());
            if (finals == 1) {
                continue;
            }
            if (finals == 0 && !named && consumeReplyLost) {
                lost.add(shortGuid(job));
            } else {
                problems.add(shortGuid(job) + " has " + finals + " final statuses (history " + s.statusHistory() + ")");
            }
        }
        long outbox = countFiles(c.dir.resolve("state").resolve("outbox"));
        if (outbox > 0) {
            problems.add(outbox + " status(es) still in the outbox after the last run");
        }
        if (!problems.isEmpty()) {
            return Check.failed(ONE_FINAL, String.join("; ", problems));
        }
        if (!lost.isEmpty()) {
            Endpoint previous = null;
            for (JournalEntry e : mine) {
                if (e.endpoint() == Endpoint.CONSUME_NEXT_JOB && previous == Endpoint.CONSUME_NEXT_JOB) {
                    return Check.failed(ONE_FINAL, "job " + String.join(", ", lost) + " lost, and consume #" + e.number()
                            + " repeated the one before it with no heartbeat in between");
                }
                if (e.endpoint() != Endpoint.JOB_UPDATE) {
                    previous = e.endpoint();
                }
            }
            return Check.notApplicable(ONE_FINAL, "job " + String.join(", ", lost) + " " + LOST_REPLY);
        }
        return Check.held(ONE_FINAL, "");
    }

    private static Check notTwice(Case c, List<String> focus) throws IOException {
        Path runs = c.dir.resolve("scripts").resolve("runs.log");
        if (!Files.exists(runs)) {
            return Check.held(NOT_TWICE, "");
        }
        Map<String, Long> starts = Files.readAllLines(runs, StandardCharsets.UTF_8).stream()
                .collect(Collectors.groupingBy(l -> l, LinkedHashMap::new, Collectors.counting()));
        List<String> twice = starts.entrySet().stream().filter(e -> e.getValue() > 1)
                .filter(e -> focus.contains(e.getKey()) || !c.jobs.contains(e.getKey()))
                .map(e -> shortGuid(e.getKey()) + " started " + e.getValue() + " times").toList();
        return Check.of(NOT_TWICE, twice.isEmpty(), String.join("; ", twice));
    }

    private static Check noProcess(Case c, List<String> focus, List<Agent.Result> runs) throws InterruptedException {
        List<Long> alive = Procs.awaitNoneOf(focus, c.dir, runs.stream().map(Agent.Result::pid).toList(), 3000);
        if (alive.isEmpty()) {
            return Check.held(NO_PROCESS, "");
        }
        String detail = alive.stream().map(pid -> pid + " " + ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("?"))
                .collect(Collectors.joining("; "));
        Procs.killAll(alive); // do not leave them to the next case
        return Check.failed(NO_PROCESS, alive.size() + " process(es) of the case's jobs alive after the agent ended: " + detail);
    }

    private static Check exit(List<Agent.Result> runs) {
        List<String> bad = runs.stream().filter(r -> r.hung() || !Agent.DOCUMENTED_EXIT_CODES.contains(r.exitCode()))
                .map(r -> r.label() + (r.hung() ? " hung (killed after " + Agent.RUN_TIMEOUT.toSeconds() + " s)" : " exit " + r.exitCode()))
                .toList();
        return Check.of(EXIT, bad.isEmpty(), String.join("; ", bad));
    }

    /**
     * One line per message: every console line is a timestamped log line (a stack trace, a multi-line message or
     * a control character smuggled in from the orchestrator's data would break that), and no stack trace at all.
     */
    private static Check console(List<Agent.Result> runs) {
        for (Agent.Result r : runs) {
            String console = r.console();
            int nul = console.indexOf('\0');
            if (nul >= 0) {
                return Check.failed(CONSOLE, r.label() + " printed a raw NUL character: "
                        + console.substring(console.lastIndexOf('\n', nul) + 1, Math.min(console.length(), nul + 40)).replace("\0", "\\0").strip());
            }
            for (String line : console.split("\n")) {
                if (line.contains("\tat ") || line.startsWith("Caused by:") || line.startsWith("Exception in thread")) {
                    return Check.failed(CONSOLE, r.label() + " printed a stack trace: " + line.strip());
                }
                if (!line.isEmpty() && !TIMESTAMPED.matcher(line).lookingAt()) {
                    return Check.failed(CONSOLE, r.label() + " printed a line that is not a log line of its own: '" + line.strip() + "'");
                }
            }
        }
        return Check.held(CONSOLE, "");
    }

    private static final java.util.regex.Pattern TIMESTAMPED = java.util.regex.Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ");

    private static Check protocol(Case c, List<String> focus) {
        List<Violation> vs = c.fake.violations().stream()
                .filter(v -> c.robot.equalsIgnoreCase(String.valueOf(v.robotGuid())) || c.jobs.stream().anyMatch(j -> v.message().contains(j)))
                .filter(v -> focus.stream().anyMatch(j -> v.message().contains(j)) || c.jobs.stream().noneMatch(j -> v.message().contains(j)))
                .toList();
        Set<String> rules = vs.stream().map(Violation::rule).collect(Collectors.toCollection(TreeSet::new));
        Set<String> unexpected = new TreeSet<>(rules);
        unexpected.removeAll(c.expectedViolations);
        if (!unexpected.isEmpty()) {
            return Check.failed(PROTOCOL, vs.stream().filter(v -> unexpected.contains(v.rule())).limit(3).map(Violation::toString)
                    .collect(Collectors.joining("; ")));
        }
        return Check.held(PROTOCOL, rules.isEmpty() ? "" : "expected: " + rules);
    }

    private static Check secrets(Case c, List<Agent.Result> runs) throws IOException {
        String token = Base64.getEncoder().encodeToString(c.robot.getBytes(StandardCharsets.UTF_8));
        List<String> leaks = new ArrayList<>();
        for (Agent.Result r : runs) {
            if (r.console().contains(c.robot) || r.console().contains(token)) {
                leaks.add(r.label() + " console");
            }
        }
        Path logs = c.dir.resolve("state").resolve("logs");
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.walk(logs)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                    if (text.contains(c.robot) || text.contains(token)) {
                        leaks.add(c.dir.relativize(f).toString());
                    }
                }
            }
        }
        return Check.of(SECRETS, leaks.isEmpty(), leaks.isEmpty() ? "" : "robot GUID or its base64 in " + leaks);
    }

    private static Check hostile(Case c) throws IOException {
        List<String> found = new ArrayList<>(Scripts.canaries(c.dir).stream().filter(Files::exists).map(p -> c.dir.relativize(p).toString()).toList());
        // Nothing may appear outside the state and scripts folders (e.g. a file named after a hostile job GUID).
        try (Stream<Path> s = Files.list(c.dir)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> !Set.of("scripts", "state", "home", "outside", "evil.py", "CANARY").contains(n) && !n.matches("run\\d+\\.std(out|err)"))
                    .forEach(n -> found.add("unexpected file " + n));
        }
        try (Stream<Path> s = Files.list(c.dir.resolve("outside"))) {
            s.map(p -> p.getFileName().toString()).filter(n -> !Set.of("evil.py", "CANARY").contains(n))
                    .forEach(n -> found.add("unexpected file outside/" + n));
        }
        return Check.of(HOSTILE, found.isEmpty(), found.isEmpty() ? "" : String.join("; ", found));
    }

    private static Check asExpected(Case c, List<String> focus, List<Agent.Result> runs) {
        List<String> wrong = new ArrayList<>();
        List<String> ok = new ArrayList<>();
        if (c.expectedExit != null) {
            int first = runs.get(0).exitCode();
            (c.expectedExit.contains(first) ? ok : wrong).add("exit " + first + (c.expectedExit.contains(first) ? "" : ", expected " + new TreeSet<>(c.expectedExit)));
        }
        c.expectedFinal.entrySet().stream().filter(e -> focus.contains(e.getKey())).forEach(e -> {
            String job = e.getKey();
            Integer status = e.getValue();
            Integer actual = c.fake.job(job).flatMap(JobState::finalStatus).orElse(null);
            (status.equals(actual) ? ok : wrong).add(shortGuid(job) + " final " + actual + (status.equals(actual) ? "" : ", expected " + status));
        });
        if (ok.isEmpty() && wrong.isEmpty()) {
            return Check.notApplicable(AS_EXPECTED, "");
        }
        return wrong.isEmpty() ? Check.held(AS_EXPECTED, "") : Check.failed(AS_EXPECTED, String.join("; ", wrong));
    }

    private static long countFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".tmp")).count();
        }
    }
}
