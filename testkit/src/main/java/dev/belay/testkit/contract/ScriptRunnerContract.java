package dev.belay.testkit.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.belay.runner.OutputListener;
import dev.belay.runner.ProcessStamp;
import dev.belay.runner.RunningScript;
import dev.belay.runner.ScriptLaunch;
import dev.belay.runner.ScriptResult;
import dev.belay.runner.ScriptRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The conformance kit for {@link ScriptRunner} implementations: every rule a runner must keep, each
 * its own named test whose messages cite the rule. A vendor certifies a runner by extending this class
 * with one factory method:
 *
 * <pre>{@code
 * class MyRunnerContractTest extends ScriptRunnerContract {
 *     @Override
 *     protected ScriptRunner createRunner() {
 *         return new MyRunner();
 *     }
 * }
 * }</pre>
 *
 * <p>The fixture scripts ship in this jar and are copied into a fresh scripts folder for every test;
 * they need a {@code python3} the runner can start. Rules that check kills read Linux's {@code /proc}
 * (never the runner's own bookkeeping) and are skipped elsewhere. Optional capabilities a runner does
 * not offer are declared in {@link #unsupported()} and their rules show as skipped, never as passed.
 * Rule ids are stable: {@code CONTRACT.md} in this module lists them all.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
public abstract class ScriptRunnerContract {

    /** Lines per stream in R06: 20 MiB of 128-byte lines on stdout and as much on stderr, at once. */
    private static final int HUGE_LINES = 20 * 1024 * 1024 / 128;
    /** The line limit the rules state (64 KiB) and what a cut line may carry on top: the marker. */
    private static final int LINE_LIMIT = 64 * 1024;
    private static final int MARKER_ALLOWANCE = 1024;
    /** The rule says 3 s from the script's exit to completion; 2 s more absorbs a loaded machine. */
    private static final Duration PIPE_HOLDER_BOUND = Duration.ofSeconds(3);
    private static final Duration LOAD_MARGIN = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path contractRoot;

    private ScriptRunner runner;
    private String marker;
    private Path scriptsDir;
    private Path outDir;
    private Path outsideDir;
    private Fixtures fixtures;
    private final AtomicInteger jobCount = new AtomicInteger();
    private final List<RunningScript> started = new CopyOnWriteArrayList<>();

    /** The runner under test; called once per rule, so every rule gets a fresh one. */
    protected abstract ScriptRunner createRunner();

    /** Optional capabilities this runner does not offer: their rules are skipped. None by default. */
    protected Set<Capability> unsupported() {
        return Set.of();
    }

    /**
     * How long a rule waits for a completion, an output line or a fixture's report that must come.
     * Raise it for a very slow machine; a correct runner on an ordinary one needs a fraction of it.
     */
    protected Duration patience() {
        return Duration.ofSeconds(30);
    }

    @BeforeEach
    final void prepareContractRun() throws IOException {
        marker = "belay-contract-" + UUID.randomUUID();
        scriptsDir = Files.createDirectories(contractRoot.resolve("scripts"));
        outDir = Files.createDirectories(contractRoot.resolve("out"));
        outsideDir = Files.createDirectories(contractRoot.resolve("outside"));
        fixtures = new Fixtures(outDir, marker, contractRoot.resolve("helper.py"));
        runner = Objects.requireNonNull(createRunner(), "createRunner() returned null");
    }

    @AfterEach
    final void cleanUpContractRun() {
        try {
            runner.cancelPrepared(); // R37 judges it; clean-up only asks
        } catch (RuntimeException ignored) {
            // a broken runner
        }
        // A broken runner must not leave its fixtures' processes behind to disturb the next rules.
        for (RunningScript s : started) {
            try {
                s.abort();
                // Let the runner finish writing into the job folder before JUnit deletes it.
                s.completion().toCompletableFuture().get(3, TimeUnit.SECONDS);
            } catch (RuntimeException | ExecutionException | TimeoutException ignored) {
                // R26-R28 judge abort() and completion; clean-up only tries.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ProcTable.available()) {
            for (ProcTable.Proc p : ProcTable.aliveWithMarker(marker)) {
                ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
            for (long[] pid : scriptPids()) {
                ProcTable.read(pid[0]).filter(ProcTable.Proc::alive)
                        .filter(p -> p.startTicks().equals(Long.toString(pid[1])))
                        .flatMap(p -> ProcessHandle.of(p.pid()))
                        .ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    // ---------------------------------------------------------------- exit codes

    @Test
    @DisplayName("R01 a script that exits 0 gives Exited(0) (PROTOCOL.md: The loop, step 5; issue 3)")
    void r01_exitZeroIsExitedZero() {
        script("exit_0.py");
        ScriptResult r = await("R01", start(launch("exit_0"), OutputListener.NONE));
        assertThat(exitCode("R01", r)).as("R01: exit code 0 must be reported as 0").isZero();
    }

    @ParameterizedTest(name = "exit {0}")
    @ValueSource(ints = {1, 3})
    @DisplayName("R02 a non-zero exit code is reported as it is (PROTOCOL.md: The loop, step 5; issue 3)")
    void r02_nonZeroExitCodeIsKept(int code) {
        script("exit_" + code + ".py");
        ScriptResult r = await("R02", start(launch("exit_" + code), OutputListener.NONE));
        assertThat(exitCode("R02", r)).as("R02: exit code %d must be reported unchanged", code).isEqualTo(code);
    }

    @Test
    @DisplayName("R03 a script killed by a signal gives Exited(128 + signal) (ScriptResult.Exited; issue 3) [POSIX_SIGNALS]")
    void r03_killedBySignalIs128PlusSignal() {
        requires(Capability.POSIX_SIGNALS, "R03");
        script("killed_by_signal.py");
        ScriptResult r = await("R03", start(launch("killed_by_signal"), OutputListener.NONE));
        assertThat(exitCode("R03", r)).as("R03: a script killed by SIGTERM (15) must give Exited(128 + 15)")
                .isEqualTo(128 + 15);
    }

    // ---------------------------------------------------------------- output

    @Test
    @DisplayName("R04 output arrives line by line, in order, on the stream it was written to (issue 3: Output)")
    void r04_outputLineByLinePerStream() {
        script("streams.py");
        RecordingListener out = new RecordingListener();
        ScriptResult r = await("R04", start(launch("streams"), out));
        assertThat(exitCode("R04", r)).as("R04: the fixture must exit 0").isZero();
        assertThat(out.texts(OutputListener.Stream.STDOUT))
                .as("R04: stdout lines, in order, without terminators, UTF-8 decoded")
                .containsExactly("out-1", "out-2", "out-3", "unicode-\u00e9\u2713\u65e5");
        assertThat(out.texts(OutputListener.Stream.STDERR))
                .as("R04: stderr lines, in order, without terminators, reported as STDERR")
                .containsExactly("err-1", "err-2", "err-3");
        assertThat(out.lines()).as("R04: every line carries a timestamp").allMatch(l -> l.at() != null);
    }

    @Test
    @DisplayName("R05 output is delivered while the script runs, not when it ends (issue 3: Output)")
    void r05_outputDeliveredLive() {
        script("live_output.py");
        RecordingListener out = new RecordingListener();
        RunningScript s = start(launch("live_output"), out);
        assertThat(out.awaitText("ready", patience()))
                .as("R05: the line 'ready' must reach the listener while the script still runs (it waits for us)")
                .isPresent();
        assertThat(s.completion().toCompletableFuture().isDone())
                .as("R05: the script waits for a go signal, so it cannot have completed yet").isFalse();
        go();
        assertThat(exitCode("R05", await("R05", s))).as("R05: the fixture must exit 0").isZero();
        assertThat(out.texts(OutputListener.Stream.STDOUT)).as("R05: both lines delivered")
                .containsExactly("ready", "done");
    }

    @Test
    @DisplayName("R06 20 MiB on stdout and 20 MiB on stderr at once: no deadlock, every line delivered (issue 3: Output; PITFALLS.md: Processes)")
    void r06_hugeOutputOnBothStreams() {
        fixtures.copy("huge_output.py", scriptsDir.resolve("huge_output.py"), Map.of("LINES", Integer.toString(HUGE_LINES)));
        SequenceListener out = new SequenceListener();
        ScriptResult r = await("R06", start(launch("huge_output"), out), patience().multipliedBy(2));
        assertThat(exitCode("R06", r)).as("R06: the fixture must exit 0").isZero();
        assertThat(out.count(OutputListener.Stream.STDOUT)).as("R06: every stdout line must reach the listener")
                .isEqualTo(HUGE_LINES);
        assertThat(out.count(OutputListener.Stream.STDERR)).as("R06: every stderr line must reach the listener")
                .isEqualTo(HUGE_LINES);
        assertThat(out.problems()).as("R06: lines must arrive whole, in order, on their own stream").isEmpty();
    }

    @Test
    @DisplayName("R07 a line over 64 KiB is cut with a marker, and the next line arrives intact (issue 3: Output)")
    void r07_longLineCutWithMarker() {
        script("long_line.py");
        RecordingListener out = new RecordingListener();
        ScriptResult r = await("R07", start(launch("long_line"), out));
        assertThat(exitCode("R07", r)).as("R07: the fixture must exit 0").isZero();
        List<String> lines = out.texts(OutputListener.Stream.STDOUT);
        assertThat(lines).as("R07: no delivered line may exceed 64 KiB plus a marker")
                .allMatch(l -> l.length() <= LINE_LIMIT + MARKER_ALLOWANCE);
        assertThat(lines).as("R07: the 200,000-character line must arrive, cut").isNotEmpty();
        String cut = lines.get(0);
        assertThat(cut).as("R07: the cut line keeps the line's beginning").startsWith("x".repeat(1024));
        assertThat(cut.chars().anyMatch(c -> c != 'x'))
                .as("R07: the cut line must say it was cut (a marker), not end silently").isTrue();
        assertThat(lines).as("R07: the line after the long one arrives intact").contains("after");
    }

    @Test
    @DisplayName("R08 the job's output log holds both streams (ScriptLaunch.outputLog; issue 3: Output)")
    void r08_outputLogWritten() throws IOException {
        script("quick.py");
        ScriptLaunch launch = launch("quick");
        ScriptResult r = await("R08", start(launch, OutputListener.NONE));
        assertThat(exitCode("R08", r)).as("R08: the fixture must exit 0").isZero();
        assertThat(launch.outputLog()).as("R08: the runner writes the output log in the job folder").isRegularFile();
        String log = Files.readString(launch.outputLog(), StandardCharsets.UTF_8);
        assertThat(log).as("R08: the output log holds the stdout line").contains("hello stdout");
        assertThat(log).as("R08: the output log holds the stderr line").contains("hello stderr");
    }

    @Test
    @DisplayName("R09 a script that is slow to start still delivers its output (issue 3: Output)")
    void r09_slowStartStillDelivers() {
        script("slow_start.py");
        RecordingListener out = new RecordingListener();
        ScriptResult r = await("R09", start(launch("slow_start"), out));
        assertThat(exitCode("R09", r)).as("R09: the fixture must exit 0").isZero();
        assertThat(out.texts(OutputListener.Stream.STDOUT)).as("R09: the late line must be delivered")
                .containsExactly("late hello");
    }

    // ---------------------------------------------------------------- what the script sees

    @Test
    @DisplayName("R10 an empty Task arrives as an empty ROBOT_TASK_FILE (PROTOCOL.md: Scripts; issue 3: Launch)")
    void r10_emptyTask() throws IOException {
        assertThat(taskRoundTrip("R10", "")).as("R10: an empty Task must be an existing, empty file").isEmpty();
    }

    @Test
    @DisplayName("R11 a non-ASCII Task arrives byte for byte (PROTOCOL.md: Scripts; issue 3: Launch)")
    void r11_nonAsciiTaskByteForByte() throws IOException {
        String task = "{\r\n  \"name\": \"Zo\u00eb \u00d1and\u00fa\",\"cjk\":\"\u65e5\u672c\u8a9e\",\"emoji\":\"\uD83D\uDE00\","
                + "\"escaped\":\"\\u00e9\\n\",\"nbsp\":\"\u00a0\"\r\n}\n";
        assertThat(taskRoundTrip("R11", task)).as("R11: the Task file must hold the Task's UTF-8 bytes exactly")
                .isEqualTo(task.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("R12 a 1 MiB Task arrives byte for byte (PROTOCOL.md: Scripts; issue 3: Launch)")
    void r12_oneMebibyteTaskByteForByte() throws IOException {
        StringBuilder sb = new StringBuilder("{\"blob\":\"");
        Random random = new Random(42);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.,;:";
        while (sb.length() < 1024 * 1024 - 2) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        String task = sb.append("\"}").toString();
        assertThat(task.getBytes(StandardCharsets.UTF_8)).hasSize(1024 * 1024);
        assertThat(taskRoundTrip("R12", task)).as("R12: the 1 MiB Task file must hold the Task's bytes exactly")
                .isEqualTo(task.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("R13 the script gets the ROBOT_* environment; the stop file does not exist yet (PROTOCOL.md: Scripts)")
    void r13_environment() throws IOException {
        ScriptLaunch launch = launch("env_dump");
        JsonNode seen = envDump("R13", launch);
        JsonNode env = seen.get("env");
        assertThat(env.path("ROBOT_GUID").asText(null)).as("R13: ROBOT_GUID").isEqualTo(launch.robotGuid());
        assertThat(env.path("ROBOT_ORCHESTRATOR_URL").asText(null)).as("R13: ROBOT_ORCHESTRATOR_URL")
                .isEqualTo(launch.orchestratorUrl());
        assertThat(env.path("ROBOT_JOB_GUID").asText(null)).as("R13: ROBOT_JOB_GUID").isEqualTo(launch.jobGuid());
        assertThat(env.path("ROBOT_PROCESS_VERSION_GUID").asText(null)).as("R13: ROBOT_PROCESS_VERSION_GUID")
                .isEqualTo(launch.processVersionGuid());
        assertThat(samePath(env.path("ROBOT_TASK_FILE").asText(""), launch.taskFile()))
                .as("R13: ROBOT_TASK_FILE must be the launch's taskFile() %s, was %s", launch.taskFile(),
                        env.path("ROBOT_TASK_FILE").asText(null)).isTrue();
        assertThat(samePath(env.path("ROBOT_STOP_FILE").asText(""), launch.stopFile()))
                .as("R13: ROBOT_STOP_FILE must be the launch's stopFile() %s, was %s", launch.stopFile(),
                        env.path("ROBOT_STOP_FILE").asText(null)).isTrue();
        assertThat(seen.path("stop_file_exists_at_start").asBoolean(true))
                .as("R13: the stop file must not exist before a stop is requested").isFalse();
    }

    @Test
    @DisplayName("R14 the script gets one argument processVersionGuid|jobGuid|taskGuid|settingsPath (PROTOCOL.md: Scripts)")
    void r14_vendorArgument() throws IOException {
        ScriptLaunch launch = launch("env_dump");
        JsonNode argv = envDump("R14", launch).get("argv");
        String expected = launch.processVersionGuid() + "|" + launch.jobGuid() + "|" + launch.taskGuid() + "|"
                + launch.settingsFile();
        assertThat(argv.size()).as("R14: exactly one argument, as the vendor's framework passes it, got %s", argv)
                .isEqualTo(1);
        assertThat(argv.get(0).asText()).as("R14: the vendor-compatible argument").isEqualTo(expected);
    }

    @Test
    @DisplayName("R15 the script's working directory is the scripts folder (issue 3: Launch)")
    void r15_workingDirectory() throws IOException {
        JsonNode seen = envDump("R15", launch("env_dump"));
        assertThat(Path.of(seen.get("cwd").asText()).toRealPath()).as("R15: cwd must be the scripts folder")
                .isEqualTo(scriptsDir.toRealPath());
    }

    // ---------------------------------------------------------------- resolution

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"resolved", "resolved.py", "sub\\deeper\\resolved", "sub/deeper/resolved",
            "sub\\deeper\\resolved.py", "sub/deeper\\resolved"})
    @DisplayName("R16 a script name resolves under the scripts folder, with \\ or /, .py optional (PROTOCOL.md: Scripts)")
    void r16_resolution(String name) throws IOException {
        fixtures.copy("resolved.py", scriptsDir.resolve("resolved.py"));
        fixtures.copy("resolved.py", scriptsDir.resolve("sub/deeper/resolved.py"));
        Path expected = scriptsDir.resolve(name.startsWith("sub") ? "sub/deeper/resolved.py" : "resolved.py");
        ScriptResult r = await("R16", start(launch(name), OutputListener.NONE));
        assertThat(exitCode("R16", r)).as("R16: '%s' must run %s", name, expected).isZero();
        assertThat(Path.of(readReport("R16", "resolved")).toRealPath()).as("R16: '%s' must run %s", name, expected)
                .isEqualTo(expected.toRealPath());
    }

    /** A hostile script name, and where a careless resolver of it would land: a canary is planted there. */
    record Hostile(String label, String name, List<String> plants, Map<String, String> links) {
    }

    static Stream<Arguments> hostileNames() {
        // {OUT} is replaced by the absolute path of the folder beside the scripts folder, {OUTB} by the same
        // with backslashes. Plants and links are relative to the folder holding scripts/ and outside/.
        String canary = "outside/canary.py";
        return Stream.of(
                new Hostile("absolute path", "{OUT}/canary", List.of(canary), Map.of()),
                new Hostile("absolute path with .py", "{OUT}/canary.py", List.of(canary), Map.of()),
                new Hostile("absolute path, backslashes", "{OUTB}\\canary", List.of(canary), Map.of()),
                new Hostile("drive letter", "C:\\canary", List.of("scripts/C:/canary.py"), Map.of()),
                new Hostile("drive letter, slash", "c:/canary", List.of("scripts/c:/canary.py"), Map.of()),
                new Hostile("drive-relative", "C:canary", List.of("scripts/C:canary.py"), Map.of()),
                new Hostile("UNC path", "\\\\server\\share\\canary", List.of(), Map.of()),
                new Hostile("UNC path, slashes", "//server/share/canary", List.of(), Map.of()),
                new Hostile("parent escape", "..\\outside\\canary", List.of(canary), Map.of()),
                new Hostile("parent escape, slashes", "../outside/canary", List.of(canary), Map.of()),
                new Hostile("escape through a subfolder", "sub\\..\\..\\outside\\canary",
                        List.of(canary, "scripts/sub/keep.py"), Map.of()),
                new Hostile("NUL", "canary\u0000", List.of("scripts/canary.py", "scripts/canary"), Map.of()),
                new Hostile("NUL before .py", "canary\u0000.py", List.of("scripts/canary.py"), Map.of()),
                new Hostile("newline", "can\nary", List.of("scripts/can\nary.py"), Map.of()),
                new Hostile("control character", "can\u0001ary", List.of("scripts/can\u0001ary.py"), Map.of()),
                new Hostile("trailing tab", "canary\t", List.of("scripts/canary\t.py"), Map.of()),
                new Hostile("reserved CON", "CON", List.of("scripts/CON.py"), Map.of()),
                new Hostile("reserved nul, lower case", "nul", List.of("scripts/nul.py"), Map.of()),
                new Hostile("reserved COM1", "COM1", List.of("scripts/COM1.py"), Map.of()),
                new Hostile("reserved LPT1 in a subfolder", "sub\\LPT1", List.of("scripts/sub/LPT1.py"), Map.of()),
                new Hostile("reserved AUX with .py", "AUX.py", List.of("scripts/AUX.py"), Map.of()),
                new Hostile("trailing dot", "canary.", List.of("scripts/canary..py", "scripts/canary."), Map.of()),
                new Hostile("trailing space", "canary ", List.of("scripts/canary .py", "scripts/canary "), Map.of()),
                new Hostile("trailing dot after .py", "canary.py.",
                        List.of("scripts/canary.py.", "scripts/canary.py..py"), Map.of()),
                new Hostile("folder with a trailing dot", "sub.\\canary", List.of("scripts/sub./canary.py"), Map.of()),
                new Hostile("empty name", "", List.of("scripts/.py"), Map.of()),
                new Hostile("blank name", "   ", List.of("scripts/   .py"), Map.of()),
                new Hostile("symlink to a file outside", "link", List.of(canary),
                        Map.of("scripts/link.py", canary)),
                new Hostile("symlinked folder outside", "linkdir\\canary", List.of(canary),
                        Map.of("scripts/linkdir", "outside"))
        ).map(h -> Arguments.of(h.label(), h));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileNames")
    @DisplayName("R17 a hostile script name is refused (FailedToStart) and nothing is executed (PROTOCOL.md: Scripts; issue 3)")
    void r17_hostileNameRefused(String label, Hostile hostile) {
        for (String plant : hostile.plants()) {
            plantCanary(plant);
        }
        hostile.links().forEach((link, target) -> {
            try {
                Files.createSymbolicLink(contractRoot.resolve(link), contractRoot.resolve(target));
            } catch (IOException | UnsupportedOperationException e) {
                assumeTrue(false, "R17: this file system cannot make the symlink " + link + ": " + e);
            }
        });
        String name = hostile.name().replace("{OUTB}", outsideDir.toAbsolutePath().toString().replace('/', '\\'))
                .replace("{OUT}", outsideDir.toAbsolutePath().toString());
        RunningScript s = start(launch(name), OutputListener.NONE);
        ScriptResult r = await("R17", s);
        assertThat(r).as("R17 (%s): the name %s must be refused with FailedToStart", label, printable(name))
                .isInstanceOf(ScriptResult.FailedToStart.class);
        assertThat(((ScriptResult.FailedToStart) r).reason()).as("R17 (%s): the refusal must give a reason", label)
                .isNotBlank();
        assertThat(outDir.resolve("canary")).as("R17 (%s): nothing may be executed for %s", label, printable(name))
                .doesNotExist();
        assertThat(s.process()).as("R17 (%s): a refused script has no process", label).isEmpty();
    }

    @Test
    @DisplayName("R18 a missing script is FailedToStart with a reason (PROTOCOL.md: Scripts; issue 3)")
    void r18_missingScript() {
        RunningScript s = start(launch("sub\\does_not_exist"), OutputListener.NONE);
        ScriptResult r = await("R18", s);
        assertThat(r).as("R18: a missing script must give FailedToStart").isInstanceOf(ScriptResult.FailedToStart.class);
        assertThat(((ScriptResult.FailedToStart) r).reason()).as("R18: with a reason").isNotBlank();
        assertThat(s.process()).as("R18: a script that never started has no process").isEmpty();
    }

    // ---------------------------------------------------------------- leftovers

    @Test
    @DisplayName("R19 a child holding the pipes: complete within 3 s of the script's exit, child killed and counted (issue 3: Output)")
    void r19_pipeHolderDoesNotHangCompletion() {
        requiresProc("R19");
        script("grandchild_pipes.py");
        RecordingListener out = new RecordingListener();
        RunningScript s = start(launch("grandchild_pipes"), out);
        ScriptResult r = await("R19", s);
        long completedAt = System.nanoTime();
        Optional<RecordingListener.Line> bye = out.awaitText("bye", Duration.ZERO);
        assertThat(bye).as("R19: the script's last line 'bye' must have been delivered").isPresent();
        Duration afterExit = Duration.ofNanos(completedAt - bye.get().receivedNanos());
        assertThat(afterExit).as("R19: completion must come at most %s (+%s margin) after the script's own exit",
                PIPE_HOLDER_BOUND, LOAD_MARGIN).isLessThanOrEqualTo(PIPE_HOLDER_BOUND.plus(LOAD_MARGIN));
        assertThat(exitCode("R19", r)).as("R19: the script itself exits 0").isZero();
        long holder = pidReport("R19", "holder");
        assertThat(ProcTable.aliveWithMarker(marker))
                .as("R19: the child %d holding the pipes must be killed (checked in /proc)", holder).isEmpty();
        assertThat(r.leftoverProcessesKilled()).as("R19: the killed child must be counted").isGreaterThanOrEqualTo(1);
    }

    @Test
    @DisplayName("R20 a child left behind after a normal exit is killed and counted (issue 3: After a normal exit)")
    void r20_leftoverAfterExitKilledAndCounted() {
        requiresProc("R20");
        script("leftover.py");
        ScriptResult r = await("R20", start(launch("leftover"), OutputListener.NONE));
        assertThat(exitCode("R20", r)).as("R20: the script itself exits 0").isZero();
        pidReport("R20", "leftover");
        assertThat(ProcTable.aliveWithMarker(marker)).as("R20: the leftover child must be dead (checked in /proc)")
                .isEmpty();
        assertThat(r.leftoverProcessesKilled()).as("R20: the killed leftover must be counted").isGreaterThanOrEqualTo(1);
    }

    // ---------------------------------------------------------------- stop and abort

    @Test
    @DisplayName("R21 requestStop signals the script (SIGINT / Ctrl+Break); a script trapping it ends -> Stopped (PROTOCOL.md: Scripts) [GRACEFUL_STOP_SIGNAL]")
    void r21_gracefulStopBySignal() {
        requires(Capability.GRACEFUL_STOP_SIGNAL, "R21");
        script("trap_sigint.py");
        RecordingListener out = new RecordingListener();
        RunningScript s = start(launch("trap_sigint"), out);
        awaitReady("R21", out);
        s.requestStop(patience());
        ScriptResult r = await("R21", s);
        assertThat(r).as("R21: a script that traps the stop signal and ends must give Stopped")
                .isInstanceOf(ScriptResult.Stopped.class);
        assertThat(readReport("R21", "cleaned")).as("R21: the script's KeyboardInterrupt clean-up must have run")
                .isEqualTo("signal");
    }

    @Test
    @DisplayName("R22 requestStop creates ROBOT_STOP_FILE; a script polling it ends -> Stopped (PROTOCOL.md: Scripts)")
    void r22_gracefulStopByStopFile() {
        script("poll_stop_file.py");
        RecordingListener out = new RecordingListener();
        ScriptLaunch launch = launch("poll_stop_file");
        RunningScript s = start(launch, out);
        awaitReady("R22", out);
        s.requestStop(patience());
        ScriptResult r = await("R22", s);
        assertThat(r).as("R22: a script that polls the stop file and ends must give Stopped")
                .isInstanceOf(ScriptResult.Stopped.class);
        assertThat(readReport("R22", "cleaned")).as("R22: the script saw the stop file").isEqualTo("stop file");
    }

    @Test
    @DisplayName("R23 a script ignoring the stop is aborted when the grace runs out -> AbortedAfterGrace (issue 3: Graceful stop)")
    void r23_stopIgnoredAbortedAfterGrace() {
        script("ignore_stop.py");
        RecordingListener out = new RecordingListener();
        RunningScript s = start(launch("ignore_stop"), out);
        awaitReady("R23", out);
        Duration grace = Duration.ofSeconds(1);
        long asked = System.nanoTime();
        s.requestStop(grace);
        ScriptResult r = await("R23", s, grace.plus(patience()));
        Duration took = Duration.ofNanos(System.nanoTime() - asked);
        assertThat(r).as("R23: a script that ignores the stop must give AbortedAfterGrace")
                .isInstanceOf(ScriptResult.AbortedAfterGrace.class);
        assertThat(took).as("R23: the script must get its whole grace (%s) before it is killed", grace)
                .isGreaterThanOrEqualTo(grace.minusMillis(100));
        if (ProcTable.available()) {
            assertThat(aliveScripts()).as("R23: the script process must be dead (checked in /proc)").isEmpty();
        }
    }

    @Test
    @DisplayName("R24 abort kills the script, its child and its grandchild, checked in /proc (PROTOCOL.md: The loop, step 4; issue 3: Abort)")
    void r24_abortKillsTheTree() {
        requiresProc("R24");
        script("tree.py");
        RunningScript s = start(launch("tree"), OutputListener.NONE);
        long child = pidReport("R24", "child");
        long grandchild = pidReport("R24", "grandchild");
        assertThat(ProcTable.aliveWithMarker(marker)).as("R24: precondition: child and grandchild run").hasSize(2);
        s.abort();
        ScriptResult r = await("R24", s);
        assertThat(r).as("R24: abort must give Aborted").isInstanceOf(ScriptResult.Aborted.class);
        assertThat(ProcTable.aliveWithMarker(marker))
                .as("R24: no process of the tree (child %d, grandchild %d) may be alive at completion", child, grandchild)
                .isEmpty();
        assertThat(aliveScripts()).as("R24: the script process must be dead").isEmpty();
    }

    @Test
    @DisplayName("R25 abort kills a double-forked daemon that left the script's session, checked in /proc (issue 3: Abort) [DOUBLE_FORK_CONTAINMENT]")
    void r25_abortKillsDoubleForkedDaemon() {
        requires(Capability.DOUBLE_FORK_CONTAINMENT, "R25");
        requiresProc("R25");
        script("daemon.py");
        RunningScript s = start(launch("daemon"), OutputListener.NONE);
        long daemon = pidReport("R25", "daemon");
        assertThat(ProcTable.alive(daemon, null)).as("R25: precondition: the daemon runs").isTrue();
        s.abort();
        ScriptResult r = await("R25", s);
        assertThat(r).as("R25: abort must give Aborted").isInstanceOf(ScriptResult.Aborted.class);
        assertThat(ProcTable.aliveWithMarker(marker)).as("R25: the double-forked daemon %d must be dead", daemon)
                .isEmpty();
    }

    // ---------------------------------------------------------------- the RunningScript's promises

    @Test
    @DisplayName("R26 completion happens exactly once: one result, every callback run once (RunningScript.completion)")
    void r26_completionExactlyOnce() throws Exception {
        script("quick.py");
        RunningScript s = start(launch("quick"), OutputListener.NONE);
        AtomicInteger calls = new AtomicInteger();
        List<Object> seen = new CopyOnWriteArrayList<>();
        int registered = 0;
        for (int i = 0; i < 3; i++) {
            s.completion().whenComplete((res, err) -> {
                calls.incrementAndGet();
                seen.add(err != null ? err : res);
            });
            registered++;
        }
        ScriptResult first = await("R26", s);
        s.completion().whenComplete((res, err) -> {
            calls.incrementAndGet();
            seen.add(err != null ? err : res);
        });
        registered++;
        assertThat(exitCode("R26", first)).as("R26: the fixture must have run and exited 0").isZero();
        ScriptResult again = await("R26", s);
        assertThat(again).as("R26: every completion() call must give the same result").isEqualTo(first);
        // Dependent callbacks may still be running on the runner's thread when get() returns: wait for them.
        awaitCount(calls, registered);
        assertThat(calls.get()).as("R26: each callback must run exactly once").isEqualTo(registered);
        assertThat(seen).as("R26: never exceptionally, always the one result").allMatch(first::equals);
    }

    @Test
    @DisplayName("R27 abort() and requestStop() after the script ended are harmless and change nothing (RunningScript)")
    void r27_abortAndStopAfterExitHarmless() {
        script("quick.py");
        RunningScript s = start(launch("quick"), OutputListener.NONE);
        ScriptResult first = await("R27", s);
        assertThatCode(() -> {
            s.abort();
            s.requestStop(Duration.ofMillis(1));
            s.abort();
        }).as("R27: abort()/requestStop() after the end must not throw").doesNotThrowAnyException();
        assertThat(await("R27", s)).as("R27: the result must not change after the end").isEqualTo(first);
        assertThat(first).as("R27: the script ended on its own").isInstanceOf(ScriptResult.Exited.class);
    }

    @Test
    @DisplayName("R28 abort twice, from two threads at once, is harmless: one Aborted (RunningScript.abort)")
    void r28_doubleAbortHarmless() throws Exception {
        script("ignore_stop.py");
        RecordingListener out = new RecordingListener();
        RunningScript s = start(launch("ignore_stop"), out);
        awaitReady("R28", out);
        AtomicInteger calls = new AtomicInteger();
        s.completion().whenComplete((res, err) -> calls.incrementAndGet());
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> aborts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            aborts.add(CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                s.abort();
            }));
        }
        go.countDown();
        for (CompletableFuture<Void> a : aborts) {
            try {
                a.get(patience().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                fail("R28: a concurrent abort() threw", e.getCause());
            } catch (TimeoutException e) {
                fail("R28: abort() must return at once, not wait for %s", patience());
            }
        }
        ScriptResult r = await("R28", s);
        assertThatCode(s::abort).as("R28: a third abort() after the end must not throw").doesNotThrowAnyException();
        assertThat(r).as("R28: abort must give Aborted").isInstanceOf(ScriptResult.Aborted.class);
        assertThat(await("R28", s)).as("R28: the result must not change").isEqualTo(r);
        awaitCount(calls, 1);
        assertThat(calls.get()).as("R28: completion must happen once").isEqualTo(1);
    }

    @Test
    @DisplayName("R29 two scripts run at once independently: aborting one leaves the other to exit 0 (ScriptRunner)")
    void r29_concurrentRunsIndependent() {
        script("ignore_stop.py");
        script("wait_for_go.py");
        RecordingListener outA = new RecordingListener();
        RecordingListener outB = new RecordingListener();
        RunningScript a = start(launch("ignore_stop"), outA);
        RunningScript b = start(launch("wait_for_go"), outB);
        awaitReady("R29", outA);
        awaitReady("R29", outB);
        a.abort();
        assertThat(await("R29", a)).as("R29: the aborted script gives Aborted").isInstanceOf(ScriptResult.Aborted.class);
        assertThat(b.completion().toCompletableFuture().isDone())
                .as("R29: aborting one script must not end the other").isFalse();
        go();
        assertThat(exitCode("R29", await("R29", b))).as("R29: the other script exits 0").isZero();
        assertThat(outB.texts(OutputListener.Stream.STDOUT)).as("R29: each script's output goes to its own listener")
                .containsExactly("ready", "finished");
        assertThat(outA.texts(OutputListener.Stream.STDOUT)).as("R29: each script's output goes to its own listener")
                .containsExactly("ready");
    }

    @Test
    @DisplayName("R30 process() is the live script's stamp (pid and start time) while it runs (RunningScript.process)")
    void r30_processStampMatchesLiveProcess() {
        script("wait_for_go.py");
        RecordingListener out = new RecordingListener();
        RunningScript s = start(launch("wait_for_go"), out);
        awaitReady("R30", out);
        Optional<ProcessStamp> stamp = s.process();
        assertThat(stamp).as("R30: a running script has a process stamp").isPresent();
        Optional<ProcessHandle> live = stamp.get().findLive();
        assertThat(live).as("R30: the stamp's pid and start time must match a live process").isPresent();
        assertThat(scriptPids()).as("R30: the fixture notes its own pid when it starts").isNotEmpty();
        long scriptPid = scriptPids().get(0)[0];
        assertThat(scriptPid == stamp.get().pid() || isDescendant(scriptPid, live.get()))
                .as("R30: the stamp (pid %d) must be the script's process %d or its ancestor", stamp.get().pid(), scriptPid)
                .isTrue();
        go();
        assertThat(exitCode("R30", await("R30", s))).as("R30: the fixture exits 0").isZero();
        assertThat(stamp.get().findLive()).as("R30: after completion the stamped process is gone").isEmpty();
    }

    @Test
    @DisplayName("R31 the result's duration is plausible: at least the script's run, at most the wall time (ScriptResult)")
    void r31_durationPlausible() {
        script("sleep_1s.py");
        long before = System.nanoTime();
        RunningScript s = start(launch("sleep_1s"), OutputListener.NONE);
        ScriptResult r = await("R31", s);
        Duration wall = Duration.ofNanos(System.nanoTime() - before);
        assertThat(exitCode("R31", r)).as("R31: the fixture exits 0").isZero();
        assertThat(r.duration()).as("R31: the script slept 1 s, so it ran at least that long")
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(r.duration()).as("R31: the duration cannot exceed the wall time around start..completion (%s)", wall)
                .isLessThanOrEqualTo(wall.plusMillis(500));
    }

    @Test
    @DisplayName("R32 reclaim() of a stamp whose start time does not match touches nothing (ScriptRunner.reclaim)")
    void r32_reclaimWrongStartTimeTouchesNothing() {
        script("wait_for_go.py");
        RecordingListener out = new RecordingListener();
        RunningScript s = start(launch("wait_for_go"), out);
        awaitReady("R32", out);
        ProcessStamp stamp = s.process().orElseThrow(() -> new AssertionError("R32: a running script has a stamp (R30)"));
        ProcessStamp reused = new ProcessStamp(stamp.pid(), stamp.startTime().minusSeconds(3600));
        assertThat(runner.reclaim(reused)).as("R32: a stamp with another start time (a reused pid) matches nothing")
                .isZero();
        assertThat(stamp.findLive()).as("R32: the live script must be untouched").isPresent();
        assertThat(s.completion().toCompletableFuture().isDone()).as("R32: the script must still run").isFalse();
        go();
        assertThat(exitCode("R32", await("R32", s))).as("R32: the untouched script exits 0 on its own").isZero();
    }

    @Test
    @DisplayName("R33 a second requestStop() does not extend the first grace (RunningScript.requestStop)")
    void r33_secondStopKeepsFirstGrace() {
        script("ignore_stop.py");
        RecordingListener out = new RecordingListener();
        RunningScript s = start(launch("ignore_stop"), out);
        awaitReady("R33", out);
        Duration late = patience().multipliedBy(4);
        s.requestStop(Duration.ofSeconds(1));
        assertThatCode(() -> s.requestStop(late)).as("R33: a second requestStop() must not throw")
                .doesNotThrowAnyException();
        // Waiting less than the second grace: only the first one (1 s) can end the script in time.
        ScriptResult r = await("R33", s, patience());
        assertThat(r).as("R33: the first grace (1 s) stands, so the ignoring script is AbortedAfterGrace")
                .isInstanceOf(ScriptResult.AbortedAfterGrace.class);
    }

    @Test
    @DisplayName("R34 abort() during a stop's grace kills at once and gives Aborted (RunningScript.abort)")
    void r34_abortDuringGrace() {
        script("ignore_stop.py");
        RecordingListener out = new RecordingListener();
        RunningScript s = start(launch("ignore_stop"), out);
        awaitReady("R34", out);
        s.requestStop(patience().multipliedBy(4));
        s.abort();
        // Waiting less than the grace: only the abort can end the script in time.
        ScriptResult r = await("R34", s, patience());
        assertThat(r).as("R34: an abort during the grace gives Aborted, without waiting for the grace")
                .isInstanceOf(ScriptResult.Aborted.class);
    }

    @Test
    @DisplayName("R35 the robot GUID, a credential, is on no process's command line, where every user can read it (PROTOCOL.md: Transport)")
    void r35_robotGuidNeverOnACommandLine() {
        requiresProc("R35");
        script("wait_for_go.py");
        RecordingListener out = new RecordingListener();
        ScriptLaunch launch = launch("wait_for_go");
        RunningScript s = start(launch, out);
        awaitReady("R35", out);
        assertThat(ProcTable.aliveWithMarker(launch.robotGuid()))
                .as("R35: the robot GUID must reach the script by its environment only, never by argv").isEmpty();
        go();
        assertThat(exitCode("R35", await("R35", s))).as("R35: the fixture exits 0").isZero();
    }

    // ---------------------------------------------------------------- prepared starts

    @Test
    @DisplayName("R36 a start after prepareNext() gets its own launch's environment, argument and working directory (ScriptRunner.prepareNext)")
    void r36_preparedStartSeesItsOwnLaunch() throws IOException {
        for (int round = 1; round <= 2; round++) {
            runner.prepareNext(scriptsDir);
            ScriptLaunch launch = launch("env_dump");
            JsonNode seen = envDump("R36", launch);
            JsonNode env = seen.get("env");
            String which = "R36: start " + round + " after prepareNext(): ";
            assertThat(env.path("ROBOT_JOB_GUID").asText(null)).as(which + "ROBOT_JOB_GUID").isEqualTo(launch.jobGuid());
            assertThat(env.path("ROBOT_GUID").asText(null)).as(which + "ROBOT_GUID").isEqualTo(launch.robotGuid());
            assertThat(env.path("ROBOT_PROCESS_VERSION_GUID").asText(null)).as(which + "ROBOT_PROCESS_VERSION_GUID")
                    .isEqualTo(launch.processVersionGuid());
            assertThat(samePath(env.path("ROBOT_TASK_FILE").asText(""), launch.taskFile()))
                    .as(which + "ROBOT_TASK_FILE must be %s, was %s", launch.taskFile(), env.path("ROBOT_TASK_FILE").asText(null))
                    .isTrue();
            assertThat(samePath(env.path("ROBOT_STOP_FILE").asText(""), launch.stopFile()))
                    .as(which + "ROBOT_STOP_FILE must be %s, was %s", launch.stopFile(), env.path("ROBOT_STOP_FILE").asText(null))
                    .isTrue();
            assertThat(seen.get("argv").get(0).asText()).as(which + "the vendor-compatible argument")
                    .isEqualTo(launch.processVersionGuid() + "|" + launch.jobGuid() + "|" + launch.taskGuid() + "|"
                            + launch.settingsFile());
            assertThat(Path.of(seen.get("cwd").asText()).toRealPath()).as(which + "cwd must be the scripts folder")
                    .isEqualTo(scriptsDir.toRealPath());
        }
    }

    @Test
    @DisplayName("R37 cancelPrepared() leaves no process of the runner's behind, whatever prepareNext() started (ScriptRunner.cancelPrepared)")
    void r37_cancelPreparedLeavesNothing() {
        Set<Long> before = descendantsOfThisJvm();
        script("exit_0.py");
        runner.prepareNext(scriptsDir);
        assertThat(exitCode("R37", await("R37", start(launch("exit_0"), OutputListener.NONE))))
                .as("R37: a start after prepareNext() runs the script (exit 0)").isZero();
        runner.prepareNext(scriptsDir); // prepared, and then nobody comes
        assertThatCode(runner::cancelPrepared).as("R37: cancelPrepared() must not throw").doesNotThrowAnyException();
        long deadline = System.nanoTime() + patience().toNanos();
        Set<Long> left = leftSince(before);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            pause();
            left = leftSince(before);
        }
        assertThat(left).as("R37: processes this JVM started during the rule and still alive %s after cancelPrepared()",
                patience()).isEmpty();
        assertThatCode(runner::cancelPrepared).as("R37: a second cancelPrepared() is harmless").doesNotThrowAnyException();
    }

    private static Set<Long> descendantsOfThisJvm() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(java.util.stream.Collectors.toSet());
    }

    private static Set<Long> leftSince(Set<Long> before) {
        Set<Long> now = new java.util.HashSet<>(descendantsOfThisJvm());
        now.removeAll(before);
        if (ProcTable.available()) {
            now.removeIf(pid -> ProcTable.read(pid).map(p -> !p.alive()).orElse(true)); // a zombie runs nothing
        }
        return now;
    }

    // ---------------------------------------------------------------- helpers

    private void requires(Capability capability, String rule) {
        assumeFalse(unsupported().contains(capability),
                rule + " needs " + capability + ", which this runner declares unsupported");
        if (capability != Capability.GRACEFUL_STOP_SIGNAL) {
            // The fixtures of these rules use POSIX signals and fork(), which Windows does not have.
            assumeFalse(System.getProperty("os.name", "").startsWith("Windows"), rule + " needs POSIX");
        }
    }

    private static void requiresProc(String rule) {
        assumeTrue(ProcTable.available(), rule + " checks processes from the OS through /proc, which only Linux has");
    }

    private Path script(String fixture) {
        return fixtures.copy(fixture, scriptsDir.resolve(fixture));
    }

    private void plantCanary(String relative) {
        try {
            fixtures.copy("canary.py", contractRoot.resolve(relative));
        } catch (InvalidPathException | UncheckedIOException cannotExistHere) {
            // This file system cannot hold such a name, so no resolver can land on it either.
        }
    }

    private ScriptLaunch launch(String scriptName) {
        return launch(scriptName, "{\"contract\":true}");
    }

    private ScriptLaunch launch(String scriptName, String taskJson) {
        try {
            Path jobDir = Files.createDirectories(contractRoot.resolve("jobs").resolve("job-" + jobCount.incrementAndGet()));
            Path settings = contractRoot.resolve("settings.txt");
            return new ScriptLaunch(scriptsDir, scriptName, "job-" + UUID.randomUUID(), "pv-" + UUID.randomUUID(),
                    "task-" + UUID.randomUUID(), taskJson, "robot-" + UUID.randomUUID(), "https://orchestrator.example:4443",
                    jobDir, settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RunningScript start(ScriptLaunch launch, OutputListener listener) {
        RunningScript s = runner.start(launch, listener);
        assertThat(s).as("start() must return a RunningScript, never null").isNotNull();
        started.add(s);
        return s;
    }

    private ScriptResult await(String rule, RunningScript s) {
        return await(rule, s, patience());
    }

    private static ScriptResult await(String rule, RunningScript s, Duration within) {
        try {
            ScriptResult r = s.completion().toCompletableFuture().get(within.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(r).as("%s: completion must carry a result, not null", rule).isNotNull();
            return r;
        } catch (TimeoutException e) {
            throw new AssertionError(rule + ": the script's completion did not arrive within " + within);
        } catch (ExecutionException e) {
            throw new AssertionError(rule + ": completion must never complete exceptionally", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(rule + ": interrupted", e);
        }
    }

    private static int exitCode(String rule, ScriptResult r) {
        assertThat(r).as("%s: expected the script to end on its own (Exited)", rule).isInstanceOf(ScriptResult.Exited.class);
        return ((ScriptResult.Exited) r).exitCode();
    }

    private void awaitReady(String rule, RecordingListener out) {
        assertThat(out.awaitText("ready", patience()))
                .as("%s: the fixture's 'ready' line must arrive within %s (see R04)", rule, patience()).isPresent();
    }

    private void go() {
        try {
            Files.writeString(outDir.resolve("go"), "go");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] taskRoundTrip(String rule, String task) throws IOException {
        script("task_copy.py");
        ScriptResult r = await(rule, start(launch("task_copy", task), OutputListener.NONE));
        assertThat(outDir.resolve("task-missing")).as("%s: ROBOT_TASK_FILE must name an existing file", rule)
                .doesNotExist();
        assertThat(exitCode(rule, r)).as("%s: the fixture must exit 0", rule).isZero();
        return Files.readAllBytes(outDir.resolve("task.bin"));
    }

    private JsonNode envDump(String rule, ScriptLaunch launch) throws IOException {
        script("env_dump.py");
        ScriptResult r = await(rule, start(launch, OutputListener.NONE));
        assertThat(exitCode(rule, r)).as("%s: the fixture must exit 0", rule).isZero();
        return JSON.readTree(readReport(rule, "env.json"));
    }

    /** Reads a report a fixture has already written (the script completed). */
    private String readReport(String rule, String name) {
        Path p = outDir.resolve(name);
        assertThat(p).as("%s: the fixture must have reported %s", rule, name).isRegularFile();
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (bounded) for a helper process to report its pid. */
    private long pidReport(String rule, String name) {
        Path p = outDir.resolve("pid-" + name);
        long deadline = System.nanoTime() + patience().toNanos();
        while (!Files.exists(p)) {
            if (System.nanoTime() > deadline) {
                fail("%s: the fixture's process '%s' did not start within %s", rule, name, patience());
            }
            pause();
        }
        try {
            return Long.parseLong(Files.readString(p).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture scripts' own processes, as they noted themselves: pid and /proc start time. */
    private List<long[]> scriptPids() {
        Path p = outDir.resolve("pids");
        List<long[]> pids = new ArrayList<>();
        try {
            if (Files.exists(p)) {
                for (String line : Files.readAllLines(p)) {
                    String[] f = line.trim().split(" ");
                    if (f.length == 2 && !f[1].equals("?")) {
                        pids.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }

    private List<Long> aliveScripts() {
        return scriptPids().stream().filter(p -> ProcTable.alive(p[0], Long.toString(p[1]))).map(p -> p[0]).toList();
    }

    private static boolean isDescendant(long pid, ProcessHandle ancestor) {
        return ancestor.descendants().anyMatch(h -> h.pid() == pid);
    }

    private static boolean samePath(String seen, Path expected) {
        if (seen.isEmpty()) {
            return false;
        }
        Path a = Path.of(seen).toAbsolutePath().normalize();
        Path b = expected.toAbsolutePath().normalize();
        try {
            // The file may not exist (the stop file): compare real parents and names.
            return a.getParent().toRealPath().equals(b.getParent().toRealPath()) && a.getFileName().equals(b.getFileName());
        } catch (IOException e) {
            return a.equals(b);
        }
    }

    private static String printable(String name) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : name.toCharArray()) {
            sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.append('"').toString();
    }

    /** Waits (bounded) until {@code count} has reached {@code atLeast}; the caller asserts the exact value. */
    private void awaitCount(AtomicInteger count, int atLeast) {
        long deadline = System.nanoTime() + patience().toNanos();
        while (count.get() < atLeast && System.nanoTime() < deadline) {
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
