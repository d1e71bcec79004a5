package dev.belay.runner.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.belay.runner.RunnerOptions;
import dev.belay.runner.RunningScript;
import dev.belay.runner.ScriptLaunch;
import dev.belay.runner.ScriptResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CPythonRunner#prepareNext}: the interpreter started ahead of a job. Each test finds that
 * interpreter in the process table (a child of this JVM running the bootstrap with {@code --standby}),
 * so that a start which silently fell back to a fresh interpreter is told apart from one that used it.
 */
@ExtendWith(AbortLeftovers.class)
class PreparedStartIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private Fixture fixture;

    @AfterEach
    void letGo() {
        if (fixture != null) {
            fixture.runner.cancelPrepared();
        }
        standbys().forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void aPreparedStartRunsInTheInterpreterStartedAheadAndSeesWhatAFreshStartSees() throws Exception {
        fixture = new Fixture(tmp.resolve("awkward \"dir\" \\ é 東京"));
        Fixture.Lines fresh = new Fixture.Lines();
        assertThat(Fixture.await(fixture.start(awkward(fixture, "fresh"), fresh))).isInstanceOf(ScriptResult.Exited.class);

        fixture.runner.prepareNext(fixture.scriptsDir);
        long ahead = awaitStandby();
        Fixture.Lines prepared = new Fixture.Lines();
        ScriptLaunch launch = awkward(fixture, "prepared");
        ScriptResult r = Fixture.await(fixture.start(launch, prepared));

        assertThat(r).isInstanceOf(ScriptResult.Exited.class);
        assertThat(((ScriptResult.Exited) r).exitCode()).isZero();
        assertThat(prepared.stderr).isEmpty();
        assertThat(prepared.value("PID")).as("the script ran in the interpreter started ahead").contains(Long.toString(ahead));
        assertThat(fresh.value("PID")).isNotEqualTo(prepared.value("PID"));
        for (String key : List.of("ARGC", "ARGV0", "ARGV1", "FILE", "NAME", "CWD", "SYSPATH0", "ENV_ROBOT_GUID",
                "ENV_ROBOT_ORCHESTRATOR_URL", "ENV_ROBOT_JOB_GUID", "ENV_ROBOT_PROCESS_VERSION_GUID", "ENV_ROBOT_TASK_FILE",
                "ENV_ROBOT_STOP_FILE", "ENV_PYTHONUNBUFFERED", "ENV_PYTHONIOENCODING", "ENV_PYTHONPATH", "STDIN", "HELPER",
                "CHILD_ENV")) {
            assertThat(prepared.value(key).map(v -> v.replace("/prepared/", "/fresh/"))).as(key).isPresent()
                    .isEqualTo(fresh.value(key));
        }
        assertThat(prepared.value("ENV_ROBOT_TASK_FILE").orElseThrow()).contains("awkward \"dir\" \\ é 東京");
        assertThat(prepared.value("ENV_ROBOT_GUID")).as("unpaired surrogates become '?', as on a fresh start")
                .contains("robot \"q\" \\ ? ? é 🎉");
        assertThat(prepared.value("CHILD_ENV")).as("a child of the script inherits the job's variables")
                .contains("job-0001|" + launch.stopFile().toAbsolutePath());
        assertThat(Files.readString(launch.outputLog())).contains(" OUT NAME=__main__");
    }

    /** A launch whose values hold quotes, backslashes, non-ASCII and unpaired surrogates, in a job folder of its own. */
    private static ScriptLaunch awkward(Fixture f, String jobDir) {
        return new ScriptLaunch(f.scriptsDir, "world", "job-0001", "pv-0002", "task-0003", "", "robot \"q\" \\ \ud800 \udc80 é 🎉",
                "https://orch.example:443", f.root.resolve(jobDir), f.root.resolve("settings.txt"));
    }

    @Test
    void aStartRightAfterPrepareNextWaitsForTheInterpreterOnItsWay() {
        fixture = new Fixture(tmp);
        fixture.runner.prepareNext(fixture.scriptsDir);
        Fixture.Lines lines = new Fixture.Lines();
        Fixture.await(fixture.start(fixture.launch("world"), lines));
        assertThat(lines.value("CMDLINE").orElseThrow()).as("the script ran in the interpreter started ahead").contains("--standby");
        assertThat(lines.value("ENV_ROBOT_JOB_GUID")).contains("job-0001");
    }

    @Test
    void cancelPreparedRightAfterPrepareNextLeavesNothingBehind() {
        fixture = new Fixture(tmp);
        fixture.runner.prepareNext(fixture.scriptsDir);
        fixture.runner.cancelPrepared();
        Fixture.awaitTrue("no interpreter started ahead left", PATIENCE, () -> standbys().isEmpty());
        Fixture.Lines lines = new Fixture.Lines();
        Fixture.await(fixture.start(fixture.launch("world"), lines));
        assertThat(lines.value("CMDLINE").orElseThrow()).as("nothing prepared any more: a fresh start").doesNotContain("--standby");
    }

    @Test
    void onceAskedTheRunnerKeepsOneReadyWhenEachScriptEndsUntilCancelled() {
        fixture = new Fixture(tmp);
        fixture.runner.prepareNext(fixture.scriptsDir);
        long first = awaitStandby();
        Fixture.Lines one = new Fixture.Lines();
        Fixture.await(fixture.start(fixture.launch("world"), one));
        assertThat(one.value("PID")).contains(Long.toString(first));
        // No second prepareNext: the script's end started the next one.
        long second = awaitStandby();
        assertThat(second).isNotEqualTo(first);
        Fixture.Lines two = new Fixture.Lines();
        Fixture.await(fixture.start(launch(fixture, "job-2"), two));
        assertThat(two.value("PID")).contains(Long.toString(second));

        fixture.runner.cancelPrepared();
        Fixture.awaitTrue("the one kept ready gone", PATIENCE, () -> standbys().isEmpty());
        Fixture.Lines three = new Fixture.Lines();
        Fixture.await(fixture.start(launch(fixture, "job-3"), three));
        Fixture.Lines four = new Fixture.Lines();
        Fixture.await(fixture.start(launch(fixture, "job-4"), four));
        assertThat(four.value("CMDLINE").orElseThrow()).as("after cancelPrepared() no script's end starts one")
                .doesNotContain("--standby");
    }

    @Test
    void aValueNoEnvironmentCanCarryFailsTheStartWithoutShowingIt() {
        fixture = new Fixture(tmp);
        fixture.runner.prepareNext(fixture.scriptsDir);
        awaitStandby();
        ScriptLaunch nul = new ScriptLaunch(fixture.scriptsDir, "world", "job-0001", "pv-0002", "task-0003", "",
                "secret\0robot", "https://orch.example:443", fixture.jobDir, fixture.root.resolve("settings.txt"));
        ScriptResult r = Fixture.await(fixture.start(nul, new Fixture.Lines()));
        assertThat(r).isInstanceOf(ScriptResult.FailedToStart.class);
        assertThat(((ScriptResult.FailedToStart) r).reason()).contains("ROBOT_GUID").doesNotContain("secret");
    }

    @Test
    void eachJobGetsItsOwnValues() {
        fixture = new Fixture(tmp);
        for (String job : List.of("job-a", "job-b", "job-c")) {
            fixture.runner.prepareNext(fixture.scriptsDir);
            long ahead = awaitStandby();
            Fixture.Lines lines = new Fixture.Lines();
            Fixture.await(fixture.start(launch(fixture, job), lines));
            assertThat(lines.value("PID")).contains(Long.toString(ahead));
            assertThat(lines.value("ENV_ROBOT_JOB_GUID")).contains(job);
            assertThat(lines.value("ARGV1")).contains("pv-0002|" + job + "|task-0003|" + fixture.root.resolve("settings.txt"));
        }
    }

    @Test
    void aStopReachesAScriptInAPreparedStart() {
        fixture = new Fixture(tmp);
        fixture.runner.prepareNext(fixture.scriptsDir);
        awaitStandby();
        Fixture.Lines lines = new Fixture.Lines();
        RunningScript s = fixture.start(fixture.launch("helper_stop"), lines);
        Fixture.awaitTrue("READY", PATIENCE, () -> lines.stdout.contains("READY"));
        s.requestStop(Duration.ofSeconds(30));
        ScriptResult r = Fixture.await(s);
        assertThat(r).isEqualTo(new ScriptResult.Stopped(0, r.duration(), 0));
    }

    @Test
    void anAbortOfAPreparedStartKillsTheWholeTree() {
        fixture = new Fixture(tmp);
        fixture.runner.prepareNext(fixture.scriptsDir);
        long ahead = awaitStandby();
        Fixture.Lines lines = new Fixture.Lines();
        RunningScript s = fixture.start(fixture.launch("tree"), lines);
        Fixture.awaitTrue("four PID lines", PATIENCE, () -> lines.stdout.stream().filter(l -> l.startsWith("PID ")).count() >= 4);
        List<Long> pids = lines.stdout.stream().filter(l -> l.startsWith("PID ")).map(l -> Long.parseLong(l.split(" ")[2])).toList();
        assertThat(lines.stdout).as("the script ran in the interpreter started ahead").contains("PID script " + ahead);
        s.abort();
        assertThat(Fixture.await(s)).isInstanceOf(ScriptResult.Aborted.class);
        Fixture.awaitTrue("every process of the tree gone from /proc", PATIENCE,
                () -> pids.stream().noneMatch(Fixture::aliveInProc));
    }

    @Test
    void cancelPreparedLetsTheInterpreterGo() {
        fixture = new Fixture(tmp);
        fixture.runner.prepareNext(fixture.scriptsDir);
        long ahead = awaitStandby();
        fixture.runner.cancelPrepared();
        Fixture.awaitTrue("the interpreter started ahead gone from /proc", PATIENCE, () -> !Fixture.aliveInProc(ahead));
    }

    @Test
    void anInterpreterNobodyTakesGoesAfterTheIdleTime() {
        fixture = new Fixture(tmp, new RunnerOptions(List.of(Fixture.PYTHON), Map.of(CPythonRunner.STANDBY_IDLE, "3")));
        fixture.runner.prepareNext(fixture.scriptsDir);
        long ahead = awaitStandby();
        Fixture.awaitTrue("the unused interpreter gone from /proc", PATIENCE, () -> !Fixture.aliveInProc(ahead));
    }

    @Test
    void anInterpreterPreparedForAnotherFolderIsNotUsedAndGoesWithCancelPrepared() throws Exception {
        fixture = new Fixture(tmp);
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        fixture.runner.prepareNext(elsewhere);
        long ahead = awaitStandby();
        Fixture.Lines lines = new Fixture.Lines();
        ScriptResult r = Fixture.await(fixture.start(fixture.launch("world"), lines));
        assertThat(r).isInstanceOf(ScriptResult.Exited.class);
        assertThat(lines.value("PID")).isPresent().isNotEqualTo(Optional.of(Long.toString(ahead)));
        assertThat(lines.value("CWD")).contains(fixture.scriptsDir.toRealPath().toString());
        assertThat(Fixture.aliveInProc(ahead)).as("the interpreter for the other folder waits for a start there").isTrue();
        fixture.runner.cancelPrepared();
        Fixture.awaitTrue("the interpreter for the other folder gone from /proc", PATIENCE, () -> !Fixture.aliveInProc(ahead));
    }

    @Test
    void aDeadInterpreterIsReplacedByAFreshOne() {
        fixture = new Fixture(tmp);
        fixture.runner.prepareNext(fixture.scriptsDir);
        long ahead = awaitStandby();
        ProcessHandle.of(ahead).ifPresent(ProcessHandle::destroyForcibly);
        Fixture.awaitTrue("the interpreter started ahead killed", PATIENCE, () -> !Fixture.aliveInProc(ahead));
        Fixture.Lines lines = new Fixture.Lines();
        ScriptResult r = Fixture.await(fixture.start(fixture.launch("world"), lines));
        assertThat(r).isInstanceOf(ScriptResult.Exited.class);
        assertThat(((ScriptResult.Exited) r).exitCode()).isZero();
        assertThat(lines.value("NAME")).contains("__main__");
        assertThat(lines.value("PID")).isPresent().isNotEqualTo(Optional.of(Long.toString(ahead)));
    }

    @Test
    void withAnIdleTimeOfZeroNothingIsStartedAhead() {
        fixture = new Fixture(tmp, new RunnerOptions(List.of(Fixture.PYTHON), Map.of(CPythonRunner.STANDBY_IDLE, "0")));
        fixture.runner.prepareNext(fixture.scriptsDir);
        Fixture.Lines lines = new Fixture.Lines();
        Fixture.await(fixture.start(fixture.launch("world"), lines));
        assertThat(lines.value("CMDLINE").orElseThrow()).as("a fresh start names the script on its command line")
                .contains("world.py").doesNotContain("--standby");
        assertThat(standbys()).isEmpty();
    }

    private static ScriptLaunch launch(Fixture f, String job) {
        return new ScriptLaunch(f.scriptsDir, "world", job, "pv-0002", "task-0003", "", "robot-secret-0004",
                "https://orch.example:443", f.root.resolve(job), f.root.resolve("settings.txt"));
    }

    /** The pid of this JVM's one child waiting as an interpreter started ahead. */
    private static long awaitStandby() {
        Fixture.awaitTrue("an interpreter started ahead", PATIENCE, () -> standbys().size() == 1);
        return standbys().get(0).pid();
    }

    private static List<ProcessHandle> standbys() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().map(c -> c.contains("--standby")).orElse(false))
                .toList();
    }
}
