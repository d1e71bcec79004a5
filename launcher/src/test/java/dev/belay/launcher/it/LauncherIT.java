package dev.belay.launcher.it;

import static dev.belay.testkit.fake.FakeOrchestratorAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.belay.testkit.fake.Endpoint;
import dev.belay.testkit.fake.FakeFault;
import dev.belay.testkit.fake.FakeJob;
import dev.belay.testkit.fake.FakeOrchestrator;
import dev.belay.testkit.fake.When;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fat jar as the Task Scheduler runs it, against the testkit's fake orchestrator, with real Python scripts. */
class LauncherIT {

    static final Duration INTERVAL = Duration.ofMillis(300);
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static FakeOrchestrator fake;

    @TempDir
    Path dir;
    Path scripts;
    Path state;
    String guid;

    @BeforeAll
    static void startFake() {
        fake = FakeOrchestrator.builder().minHeartbeatInterval(INTERVAL).build().start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void setUp() throws IOException {
        fake.reset();
        guid = FakeOrchestrator.newRobotGuid();
        fake.registerRobot(guid);
        scripts = copyScripts(dir.resolve("scripts"));
        state = dir.resolve("state");
    }

    private AgentProcess agent() {
        return agent(dir);
    }

    /** @param captureDir where this agent's HOME, stdout and stderr go (one per agent running at a time) */
    private AgentProcess agent(Path captureDir) {
        return new AgentProcess(captureDir).args("run", "--orchestrator", fake.baseUrl(), "--scripts-dir", scripts.toString(),
                        "--state-dir", state.toString(), "--heartbeat-interval", INTERVAL.toMillis() + "ms", "--stop-grace", "5s")
                .env("ROBOT_GUID", guid)
                .env("ROBOT_RETRY_BUDGET", "2s");
    }

    @Test
    void runsSeveralJobsInARowThenExitsZero() throws Exception {
        String first = fake.enqueue(FakeJob.builder("jobs\\ok").task("{\"n\":\"first\"}").build());
        String second = fake.enqueue(FakeJob.of("jobs/fail"));
        String third = fake.enqueue(FakeJob.builder("jobs/ok.py").task("{\"n\":\"third\"}").build());

        AgentProcess.Result result = agent().run(TIMEOUT);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(fake).job(first).hasStatusHistory(8, 4);
        assertThat(fake).job(second).hasStatusHistory(8, 5);
        assertThat(fake).job(third).hasStatusHistory(8, 4);
        assertThat(fake).hasNoViolations();
        assertThat(fake).heartbeats().haveMinimumGap(INTERVAL);
        assertThat(result.console()).contains("ok first").contains("ok third");
        // Logback started without its auto-configuration (LogbackWithoutScan): SLF4J says nothing about it.
        assertThat(result.stderr()).doesNotContain("SLF4J");
        assertNoSecretAnywhere(result);
    }

    @Test
    void scriptsRunInInterpretersStartedAheadUnlessPrestartIsOff() throws Exception {
        String first = fake.enqueue(FakeJob.of("jobs/whoami"));
        String second = fake.enqueue(FakeJob.of("jobs/whoami"));

        AgentProcess.Result on = agent().run(TIMEOUT);

        assertThat(on.exitCode()).as(on.toString()).isZero();
        assertThat(on.console()).contains("prestart = true (default)")
                .contains("whoami " + first + " ahead").contains("whoami " + second + " ahead");

        String third = fake.enqueue(FakeJob.of("jobs/whoami"));
        AgentProcess.Result off = agent().env("ROBOT_PRESTART", "false").run(TIMEOUT);

        assertThat(off.exitCode()).as(off.toString()).isZero();
        assertThat(off.console()).contains("prestart = false (env)").contains("whoami " + third + " fresh");
        assertThat(fake).job(third).hasStatusHistory(8, 4);
        assertThat(fake).hasNoViolations();
    }

    @Test
    void aChattyScriptIsRepeatedInTheAgentsLogInPartAndSaysWhereTheRestIs() throws Exception {
        String job = fake.enqueue(FakeJob.of("jobs/chatty"));

        AgentProcess.Result result = agent().run(TIMEOUT);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(fake).job(job).hasStatusHistory(8, 4);
        Path outputLog = state.resolve("jobs").resolve(job).resolve("output.log");
        assertThat(Files.readAllLines(outputLog)).as("every line is in the job's output.log").hasSize(5000)
                .last().asString().endsWith(" OUT line 5000");
        List<Integer> repeated = Pattern.compile("(?m) line (\\d+)$").matcher(result.console()).results()
                .map(m -> Integer.parseInt(m.group(1))).toList();
        assertThat(repeated).as("the agent's log repeats the first lines, in order").startsWith(
                IntStream.rangeClosed(1, 500).boxed().toArray(Integer[]::new)).hasSizeLessThan(1000);
        long noted = Pattern.compile("\\[(\\d+) line\\(s\\) of output not repeated here; every line is in (\\S+)]")
                .matcher(result.console()).results()
                .peek(m -> assertThat(Path.of(m.group(2))).isEqualTo(outputLog))
                .mapToLong(m -> Long.parseLong(m.group(1))).sum();
        assertThat(noted).as("what the log left out, it says it left out").isEqualTo(5000 - repeated.size());
    }

    @Test
    void abortKillsTheScriptAndEverythingItStarted() throws Exception {
        String job = fake.enqueue(FakeJob.of("jobs/tree"));
        AgentProcess.Started agent = agent().start();
        // Abort once the whole tree is up (each process wrote its pid), not at a guessed moment.
        awaitFiles(scripts.resolve("pids"), "script.pid", "child.pid", "grandchild.pid");
        fake.requestAbort(job);

        AgentProcess.Result result = agent.await(TIMEOUT);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(fake).job(job).hasStatusHistory(8, 3);
        List<Long> pids = Stream.of("script", "child", "grandchild").map(this::pid).toList();
        assertThat(pids).allSatisfy(pid -> assertThat(running(pid)).as("process %d of the aborted job is running", pid).isFalse());
        assertThat(fake).hasNoViolations();
        assertNoSecretAnywhere(result);
    }

    @Test
    void aSecondAgentOnTheSameStateFolderExitsTwoAndLeavesTheFirstAgentsJobAlone() throws Exception {
        String job = fake.enqueue(FakeJob.of("jobs/gate"));
        AgentProcess.Started first = agent().start();
        awaitFiles(scripts, "gate.ready"); // the first agent's job is running

        AgentProcess.Result second = agent(dir.resolve("second")).run(TIMEOUT);

        assertThat(second.exitCode()).as(second.toString()).isEqualTo(2);
        assertThat(second.console()).as(second.toString())
                .contains("cannot start: another agent is using the state folder " + state + " (its lock file "
                        + state.resolve("agent.lock") + " is held by process " + first.process().pid() + ")")
                .doesNotContain("left running by an earlier agent")
                .doesNotContain("\tat ");
        Files.createFile(scripts.resolve("gate.open"));
        AgentProcess.Result firstResult = first.await(TIMEOUT);

        assertThat(firstResult.exitCode()).as(firstResult.toString()).isZero();
        assertThat(firstResult.console()).contains("gate passed").contains("script ended: exit code 0 -> job SUCCESS");
        assertThat(fake).job(job).hasStatusHistory(8, 4);
        assertThat(fake).hasNoViolations();
        assertNoSecretAnywhere(second);
    }

    @Test
    void gracefulStopLetsAVendorStyleScriptEndByItself() throws Exception {
        String job = fake.enqueue(FakeJob.of("jobs/trap"));
        AgentProcess.Started agent = agent().start();
        awaitFiles(scripts, "trap.ready");
        fake.requestStop(job);

        AgentProcess.Result result = agent.await(TIMEOUT);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(fake).job(job).hasStatusHistory(8, 7);
        assertThat(result.console()).contains("stopping cleanly");
        assertThat(fake).hasNoViolations();
    }

    @Test
    void sigtermStopsTheScriptGracefullyReportsItAndExits130() throws Exception {
        String job = fake.enqueue(FakeJob.of("jobs/trap"));
        String never = fake.enqueue(FakeJob.of("jobs/ok"));
        AgentProcess.Started agent = agent().start();
        awaitFiles(scripts, "trap.ready");

        agent.process().destroy(); // SIGTERM, as a logoff or the Task Scheduler's "End" sends
        AgentProcess.Result result = agent.await(TIMEOUT);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(130);
        assertThat(fake).job(job).hasStatusHistory(8, 7);
        assertThat(fake).job(never).wasNotConsumed();
        assertThat(result.console()).contains("stopping cleanly");
        assertThat(fake).hasNoViolations();
    }

    @Test
    void anUnregisteredRobotExitsThreeWithoutLooping() throws Exception {
        fake.unregisterRobot(guid);

        AgentProcess.Result result = agent().run(TIMEOUT);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(fake.journal(Endpoint.HEARTBEAT)).hasSize(1);
        assertThat(result.console()).contains("does not know this robot");
        assertNoSecretAnywhere(result);
    }

    @Test
    void nothingListeningExitsFourWithAOneLineError() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        AgentProcess.Result result = new AgentProcess(dir).args("run", "--orchestrator", "http://127.0.0.1:" + closedPort,
                        "--scripts-dir", scripts.toString(), "--state-dir", state.toString(), "--heartbeat-interval", "100ms")
                .env("ROBOT_GUID", guid).env("ROBOT_RETRY_BUDGET", "1s").run(TIMEOUT);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        assertThat(result.console()).as("no stack trace on the console").doesNotContain("\tat ").doesNotContain("Exception:");
        assertNoSecretAnywhere(result);
    }

    /**
     * The script has the GUID (ROBOT_GUID) and prints it in capitals, as bare hex and in braces: the
     * agent's log repeats those lines with the GUID hidden in every form. The job's output.log keeps
     * the script's output as it was written.
     */
    @Test
    void aScriptPrintingTheGuidInAnyFormLeavesItOutOfTheAgentsLog() throws Exception {
        String job = fake.enqueue(FakeJob.of("jobs/leak"));

        AgentProcess.Result result = agent().run(TIMEOUT);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(fake).job(job).hasStatusHistory(8, 4);
        assertThat(result.console()).contains("upper <redacted>").contains("hex <redacted>").contains("braces {<redacted>}");
        assertNoSecretAnywhere(result);
        assertThat(Files.readString(state.resolve("jobs").resolve(job).resolve("output.log")))
                .contains("upper " + guid.toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * A run started right after another on the same state folder keeps its heartbeat spacing (the
     * orchestrator must not see two heartbeats closer than the interval), and says why it waits. The
     * line comes when the wait is a second or more: an 8 s interval leaves the restart 7 s.
     */
    @Test
    void aRestartRightAfterARunSaysWhyItsFirstHeartbeatWaits() throws Exception {
        AgentProcess first = new AgentProcess(dir).args("run", "--orchestrator", fake.baseUrl(), "--scripts-dir",
                scripts.toString(), "--state-dir", state.toString(), "--heartbeat-interval", "8s").env("ROBOT_GUID", guid);
        assertThat(first.run(TIMEOUT).exitCode()).isZero();

        AgentProcess.Result second = first.run(TIMEOUT);

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.console()).containsPattern("the last heartbeat from this state folder went \\d+ ms ago: "
                + "the first of this run waits \\d+ ms \\(heartbeats at least 8000 ms apart\\)");
        assertThat(fake).heartbeats().haveMinimumGap(Duration.ofSeconds(8));
    }

    @Test
    void aMissingInterpreterIsAConfigurationErrorBeforeTheFirstHeartbeatAndNoJobIsTaken() throws Exception {
        fake.enqueue(FakeJob.of("jobs/ok"));
        fake.enqueue(FakeJob.of("jobs/ok"));
        String missing = dir.resolve("nonexistent/python").toString();

        AgentProcess.Result byPath = agent().args("--python", missing).run(TIMEOUT);
        AgentProcess.Result byName = agent().env("ROBOT_PYTHON", "belay-no-such-python -u").run(TIMEOUT);
        AgentProcess.Result checked = new AgentProcess(dir).args("check", "--orchestrator", fake.baseUrl(),
                "--scripts-dir", scripts.toString(), "--state-dir", state.toString(), "--python", missing).env("ROBOT_GUID", guid).run(TIMEOUT);

        assertThat(byPath.exitCode()).as(byPath.toString()).isEqualTo(2);
        assertThat(byPath.stderr()).contains("belay: python: " + missing + " does not exist");
        assertThat(byName.exitCode()).as(byName.toString()).isEqualTo(2);
        assertThat(byName.stderr()).contains("belay: python: 'belay-no-such-python' was not found on PATH");
        assertThat(checked.exitCode()).as(checked.toString()).isEqualTo(2);
        assertThat(checked.stderr()).contains("belay: python: " + missing + " does not exist");
        assertThat(fake.journal()).as("nothing was sent: no heartbeat, no job taken").isEmpty();
        assertThat(fake.queuedJobs()).isEqualTo(2);
    }

    @Test
    void anInterpreterThatDisappearsMidRunFailsOnlyTheJobsAfterIt() throws Exception {
        // Found at start (a wrapper around python3), deleted by the first job's script: each later job is a
        // failed start, reported FAILED, and the run goes on, as for any other script that cannot start.
        Path python = Files.createDirectories(dir.resolve("py")).resolve("python");
        Files.writeString(python, "#!/bin/sh\nexec python3 \"$@\"\n");
        python.toFile().setExecutable(true);
        Path remover = scripts.resolve("remove_interpreter.py");
        Files.writeString(remover, "import os\nos.remove(os.environ['DOOMED_INTERPRETER'])\n");
        String first = fake.enqueue(FakeJob.of("remove_interpreter"));
        String second = fake.enqueue(FakeJob.of("jobs/ok"));

        // prestart off: an interpreter started ahead before the deletion would still run the second job.
        AgentProcess.Result result = agent().args("--python", python.toString()).env("ROBOT_PRESTART", "false")
                .env("DOOMED_INTERPRETER", python.toString()).run(TIMEOUT);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(fake).job(first).hasStatusHistory(8, 4);
        assertThat(fake).job(second).hasStatusHistory(8, 5);
        assertThat(result.console()).contains("not started: the configured Python interpreter does not exist");
    }

    @Test
    void durationsAndTimeoutsAreRefusedByTheirOptionNameWithTheValue() throws Exception {
        AgentProcess.Result negative = new AgentProcess(dir).args("run", "--orchestrator", fake.baseUrl(),
                "--scripts-dir", scripts.toString(), "--state-dir", state.toString(), "--heartbeat-interval", "PT-10S")
                .env("ROBOT_GUID", guid).run(TIMEOUT);
        AgentProcess.Result zeroRead = agent().env("ROBOT_READ_TIMEOUT", "0").run(TIMEOUT);
        AgentProcess.Result zeroConnect = new AgentProcess(dir).args("check", "--orchestrator", fake.baseUrl(),
                "--scripts-dir", scripts.toString(), "--state-dir", state.toString())
                .env("ROBOT_GUID", guid).env("ROBOT_CONNECT_TIMEOUT", "0").run(TIMEOUT);

        assertThat(negative.exitCode()).as(negative.toString()).isEqualTo(2);
        assertThat(negative.stderr()).contains("belay: heartbeat-interval: 'PT-10S' is negative");
        assertThat(zeroRead.exitCode()).as(zeroRead.toString()).isEqualTo(2);
        assertThat(zeroRead.stderr()).contains("belay: read-timeout: '0' must be at least 1ms");
        assertThat(zeroConnect.exitCode()).as(zeroConnect.toString()).isEqualTo(2);
        assertThat(zeroConnect.stderr()).contains("belay: connect-timeout: '0' must be at least 1ms");
        assertThat(negative.console() + zeroRead.console() + zeroConnect.console())
                .doesNotContain("budget must").doesNotContain("Timeout must").doesNotContain("cannot start");
        assertThat(fake.journal()).isEmpty();
    }

    @Test
    void aHostileScriptNameFailsTheJobAndExecutesNothing() throws Exception {
        String dotDot = fake.enqueue(FakeJob.of("..\\outside\\evil"));
        String absolute = fake.enqueue(FakeJob.of(scripts.resolveSibling("outside").resolve("evil").toString()));

        AgentProcess.Result result = agent().run(TIMEOUT);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(fake).job(dotDot).hasStatusHistory(8, 5);
        assertThat(fake).job(absolute).hasStatusHistory(8, 5);
        assertThat(scripts.resolve("CANARY")).doesNotExist();
        assertThat(scripts.resolveSibling("outside").resolve("CANARY")).doesNotExist();
        assertThat(fake).hasNoViolations();
    }

    @Test
    void theVendorSettingsTxtAloneIsEnoughConfiguration() throws Exception {
        Path appData = dir.resolve("appdata");
        Path settings = Files.createDirectories(appData.resolve("Sherpa RPA Python")).resolve("settings.txt");
        Files.writeString(settings, guid + "\r\n" + fake.baseUrl() + "\r\n0\r\n");
        String job = fake.enqueue(FakeJob.of("jobs\\ok"));

        // No flag, no ROBOT_* variable, no --config: defaults for everything else (scripts = working dir).
        // The default state folder is $XDG_STATE_HOME/belay: the test's own, not this machine user's, which
        // an agent or another test run may be using.
        state = dir.resolve("xdg-state").resolve("belay");
        AgentProcess.Result result = new AgentProcess(dir).args("run").env("APPDATA", appData.toString())
                .env("XDG_STATE_HOME", dir.resolve("xdg-state").toString()).workingDir(scripts).run(TIMEOUT);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(fake).job(job).hasStatusHistory(8, 4);
        assertThat(result.console()).contains("(settings.txt)");
        assertThat(state.resolve("logs").resolve("belay.log")).exists();
        assertThat(fake).hasNoViolations();
        assertNoSecretAnywhere(result);
    }

    @Test
    void idempotentCallsAreRetriedAndEachAttemptIsPaced() throws Exception {
        fake.inject(When.heartbeat().next(2), FakeFault.connectionReset());
        fake.inject(When.jobUpdate().withStatus(4).next(2), FakeFault.httpError(503));
        String job = fake.enqueue(FakeJob.of("jobs/ok"));

        AgentProcess.Result result = agent().run(TIMEOUT);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(fake).job(job).hasStatusHistory(8, 4);
        assertThat(fake.journal(Endpoint.JOB_UPDATE).stream().filter(e -> e.status().orElse(-1) == 4)).hasSize(3);
        assertThat(fake.journal(Endpoint.HEARTBEAT).get(2).reply().faulted()).isFalse();
        assertThat(fake).heartbeats().haveMinimumGap(INTERVAL);
        assertThat(fake).hasNoViolations();
        // The run's last lines say what the network was like: every attempt (all reached the fake), and the retries.
        assertThat(result.console()).contains("orchestrator calls this run: /api/robot/heartbeat "
                + fake.journal(Endpoint.HEARTBEAT).size() + " attempts (2 retries");
        assertThat(result.console()).contains("; /api/robot/consumeNextJob 1 attempt; /api/job/update "
                + fake.journal(Endpoint.JOB_UPDATE).size() + " attempts (2 retries)");
    }

    @Test
    void aConsumeWhoseReplyWasLostIsNeverRepeated() throws Exception {
        fake.inject(When.consumeNextJob().nth(1), FakeFault.commitThenLoseReply());
        String lost = fake.enqueue(FakeJob.of("jobs/ok"));
        String next = fake.enqueue(FakeJob.of("jobs/ok"));

        AgentProcess.Result result = agent().run(TIMEOUT);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        // The lost reply may have assigned a job (here it did): sending the same consume again could take a
        // second job while the first is never run. The agent heartbeats instead, and only a new HasNewJob = 1
        // leads to a new consume.
        List<dev.belay.testkit.fake.JournalEntry> journal = fake.journal();
        int firstConsume = indexOf(journal, Endpoint.CONSUME_NEXT_JOB, 0);
        int secondConsume = indexOf(journal, Endpoint.CONSUME_NEXT_JOB, firstConsume + 1);
        assertThat(journal.subList(firstConsume + 1, secondConsume)).extracting(e -> e.endpoint()).contains(Endpoint.HEARTBEAT);
        assertThat(fake.journal(Endpoint.CONSUME_NEXT_JOB)).hasSize(2);
        assertThat(fake).job(lost).wasConsumed();
        assertThat(fake).job(next).hasStatusHistory(8, 4);
        assertThat(result.console()).containsIgnoringCase("consume");
    }

    private static int indexOf(List<dev.belay.testkit.fake.JournalEntry> journal, Endpoint endpoint, int from) {
        for (int i = from; i < journal.size(); i++) {
            if (journal.get(i).endpoint() == endpoint) {
                return i;
            }
        }
        throw new AssertionError("no " + endpoint + " after entry " + from + " in " + journal);
    }

    /** Waits (bounded) until the script has written these files: its own signal that it is ready. */
    private static void awaitFiles(Path folder, String... names) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Stream.of(names).allMatch(n -> Files.exists(folder.resolve(n)))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the script did not write " + List.of(names) + " in " + folder + " within " + TIMEOUT);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Read from /proc: a killed process stays a zombie until whoever inherited it reaps it, and a zombie
     * runs nothing, so it counts as gone.
     */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException gone) {
            return false;
        }
    }

    private long pid(String name) {
        try {
            return Long.parseLong(Files.readString(scripts.resolve("pids").resolve(name + ".pid")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Neither the GUID (in any case, with or without its dashes) nor its base64 token in the console or
     * in any file of the agent's log.
     */
    private void assertNoSecretAnywhere(AgentProcess.Result result) throws IOException {
        String token = Base64.getEncoder().encodeToString(guid.getBytes(StandardCharsets.UTF_8));
        String hex = guid.replace("-", "");
        assertThat(result.console()).doesNotContainIgnoringCase(guid).doesNotContainIgnoringCase(hex).doesNotContain(token);
        Path logs = state.resolve("logs");
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.walk(logs)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(f)).as(f.toString()).doesNotContainIgnoringCase(guid)
                            .doesNotContainIgnoringCase(hex).doesNotContain(token);
                }
            }
        }
    }

    static Path copyScripts(Path target) throws IOException {
        for (String s : List.of("jobs/ok.py", "jobs/chatty.py", "jobs/fail.py", "jobs/tree.py", "jobs/trap.py", "jobs/slow.py", "jobs/whoami.py",
                "jobs/leak.py", "jobs/gate.py",
                "outside/evil.py")) {
            Path to = (s.startsWith("outside") ? target.resolveSibling(s) : target.resolve(s));
            Files.createDirectories(to.getParent());
            try (InputStream in = LauncherIT.class.getResourceAsStream("/it-scripts/" + s)) {
                Files.copy(in, to);
            }
        }
        return target;
    }
}
