package dev.belay.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.belay.client.JobStatus;
import dev.belay.client.RobotStatus;
import dev.belay.core.fakes.FakeOrchestrator.Call;
import dev.belay.core.internal.JobJournal;
import dev.belay.core.internal.ResultOutbox;
import dev.belay.runner.ProcessStamp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, "Durability": on the real file system, with robots that die mid-way (an {@link Error} thrown
 * by the fake orchestrator escapes {@code run()} exactly where a crash would stop the agent) and real
 * processes for reclaiming.
 */
class RobotDurabilityTest {

    /** Thrown by a fake to stop a robot dead, like a kill -9 at that instant. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash");
        }
    }

    @TempDir
    Path stateDir;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void aStatusInTheOutboxSurvivesACrashAndIsDeliveredBeforeAnythingElse() {
        Fixture first = new Fixture(stateDir);
        first.orchestrator.addJob("job-1", "s");
        first.orchestrator.onUpdate((guid, status, n) -> {
            if (status.isFinal()) {
                throw new SimulatedCrash();
            }
        });
        assertThatThrownBy(first::run).isInstanceOf(SimulatedCrash.class);

        Fixture second = new Fixture(stateDir);
        second.orchestrator.addJob("job-2", "s");
        RunSummary summary = second.run();

        Call firstCall = second.orchestrator.calls().get(0);
        assertThat(firstCall.code()).isEqualTo("UPDATE4");
        assertThat(firstCall.jobGuid()).isEqualTo("job-1");
        assertThat(second.orchestrator.codes()).containsExactly("UPDATE4", "HB2", "CONSUME", "UPDATE8", "HB3", "HB3", "UPDATE4", "HB2");
        assertThat(summary.jobs()).containsExactly(
                new JobSummary("job-1", "s", JobStatus.SUCCESS, true, true),
                new JobSummary("job-2", "s", JobStatus.SUCCESS, true, false));
        assertThat(second.runner.reclaimed()).isEmpty();
    }

    @Test
    void anUndeliveredRunLeavesItsStatusForTheNextRunWhichDeliversItFirst() {
        Fixture first = new Fixture(stateDir);
        first.retry = new RetryBackoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(5), Duration.ofSeconds(20));
        first.orchestrator.addJob("job-1", "s");
        first.orchestrator.onUpdate((guid, status, n) -> {
            if (status.isFinal()) {
                throw new dev.belay.client.OrchestratorException.NotSent(dev.belay.client.Endpoint.UPDATE_JOB, "refused", null);
            }
        });
        assertThat(first.run().endReason()).isEqualTo(EndReason.STATUS_UNDELIVERED);

        Fixture second = new Fixture(stateDir);
        RunSummary summary = second.run();

        assertThat(second.orchestrator.codes()).containsExactly("UPDATE4", "HB2");
        assertThat(summary.endReason()).isEqualTo(EndReason.NO_JOB_LEFT);
        assertThat(second.logoffs).hasValue(1);
    }

    @Test
    void anOutboxThatStaysUndeliverableAtStartEndsTheRunBeforeAnyHeartbeat() {
        new ResultOutbox(stateDir.resolve("outbox")).put(new ResultOutbox.Entry("job-0", "s", JobStatus.FAILED, Instant.EPOCH));
        Fixture f = new Fixture(stateDir);
        f.retry = new RetryBackoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(5), Duration.ofSeconds(20));
        f.orchestrator.addJob("job-1", "s");
        f.orchestrator.onUpdate((guid, status, n) -> {
            throw new dev.belay.client.OrchestratorException.HttpError(dev.belay.client.Endpoint.UPDATE_JOB, 503, "", null);
        });

        RunSummary summary = f.run();

        assertThat(f.orchestrator.codes()).containsOnly("UPDATE5");
        assertThat(summary.endReason()).isEqualTo(EndReason.STATUS_UNDELIVERED);
        assertThat(summary.jobs()).containsExactly(new JobSummary("job-0", "s", JobStatus.FAILED, false, true));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aJobLeftRunningByACrashedAgentIsKilledWithItsChildrenAndReportedFailed() throws Exception {
        Process script = startTree();
        List<ProcessHandle> tree = new ArrayList<>(script.descendants().toList());
        assertThat(tree).as("the script's child").isNotEmpty();
        ProcessStamp stamp = ProcessStamp.of(script.toHandle()).orElseThrow();

        Fixture first = new Fixture(stateDir);
        first.orchestrator.addJob("job-1", "long");
        first.runner.stamps(() -> stamp);
        first.orchestrator.onHeartbeat((hb, n, normal) -> {
            if (hb.status() == RobotStatus.WORKING) {
                throw new SimulatedCrash();
            }
            return normal;
        });
        assertThatThrownBy(first::run).isInstanceOf(SimulatedCrash.class);
        assertThat(script.isAlive()).as("a crashed agent kills nothing").isTrue();

        Fixture second = new Fixture(stateDir);
        RunSummary summary = second.run();

        assertThat(script.waitFor(10, TimeUnit.SECONDS)).as("script process killed").isTrue();
        for (ProcessHandle child : tree) {
            assertThat(child.onExit().get(10, TimeUnit.SECONDS).isAlive()).as("child %s killed", child.pid()).isFalse();
        }
        assertThat(second.runner.reclaimed()).containsExactly(stamp);
        assertThat(second.events(RobotEvent.JobReclaimed.class)).singleElement()
                .satisfies(e -> assertThat(e.processesKilled()).isGreaterThanOrEqualTo(2));
        assertThat(second.orchestrator.codes()).containsExactly("UPDATE5", "HB2");
        assertThat(second.orchestrator.calls().get(0).jobGuid()).isEqualTo("job-1");
        assertThat(summary.jobs()).containsExactly(new JobSummary("job-1", "long", JobStatus.FAILED, true, true));
        assertThat(new JobJournal(stateDir.resolve("journal")).entries()).isEmpty();
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aJournalEntryWhosePidNowBelongsToAnotherProcessLeavesThatProcessAlone() throws Exception {
        Process stranger = start("sleep", "300");
        Instant realStart = stranger.toHandle().info().startInstant().orElseThrow();
        // Same pid, another start time: the pid was reused by an unrelated process.
        ProcessStamp stale = new ProcessStamp(stranger.pid(), realStart.minus(Duration.ofHours(1)));
        new JobJournal(stateDir.resolve("journal")).put(new JobJournal.Entry("job-old", "old", stale));

        Fixture f = new Fixture(stateDir);
        RunSummary summary = f.run();

        assertThat(stranger.isAlive()).isTrue();
        assertThat(f.runner.reclaimed()).containsExactly(stale);
        assertThat(f.events(RobotEvent.JobReclaimed.class)).singleElement()
                .satisfies(e -> assertThat(e.processesKilled()).isZero());
        assertThat(f.orchestrator.codes()).containsExactly("UPDATE5", "HB2");
        assertThat(summary.jobs()).containsExactly(new JobSummary("job-old", "old", JobStatus.FAILED, true, true));
    }

    @Test
    void aStatusDecidedBeforeTheCrashWinsOverTheJournal() {
        // Crash between "status into the outbox" and "journal entry removed".
        new JobJournal(stateDir.resolve("journal")).put(new JobJournal.Entry("job-1", "s", null));
        new ResultOutbox(stateDir.resolve("outbox")).put(new ResultOutbox.Entry("job-1", "s", JobStatus.SUCCESS, Instant.EPOCH));

        Fixture f = new Fixture(stateDir);
        RunSummary summary = f.run();

        assertThat(f.orchestrator.codes()).containsExactly("UPDATE4", "HB2");
        assertThat(summary.jobs()).extracting(JobSummary::status).containsExactly(JobStatus.SUCCESS);
    }

    @Test
    void aJournalEntryWithoutAProcessIsReportedFailedWithoutKillingAnything() {
        // Crash after the entry was written but before the script's process was known.
        new JobJournal(stateDir.resolve("journal")).put(new JobJournal.Entry("job-1", "s", null));

        Fixture f = new Fixture(stateDir);
        f.run();

        assertThat(f.runner.reclaimed()).isEmpty();
        assertThat(f.orchestrator.codes()).containsExactly("UPDATE5", "HB2");
    }

    @Test
    void corruptStateFilesAreMovedAsideAndNeverCrashTheRobot() throws IOException {
        Path outbox = Files.createDirectories(stateDir.resolve("outbox"));
        Path journal = Files.createDirectories(stateDir.resolve("journal"));
        Files.write(outbox.resolve("garbage.state"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        Files.writeString(outbox.resolve("nostatus.state"), "job=job-9\n");
        Files.writeString(outbox.resolve("badstatus.state"), "job=job-9\nstatus=8\n");
        Files.writeString(journal.resolve("badpid.state"), "job=job-8\npid=abc\nprocessStart=yesterday\n");
        Files.writeString(outbox.resolve("half-written.state.tmp"), "job=");
        Fixture f = new Fixture(stateDir);
        f.orchestrator.addJob("job-1", "s");

        RunSummary summary = f.run();

        assertThat(summary.endReason()).isEqualTo(EndReason.NO_JOB_LEFT);
        assertThat(f.orchestrator.codes()).startsWith("HB2");
        assertThat(names(outbox)).filteredOn(n -> n.contains(".corrupt-")).hasSize(3);
        assertThat(names(journal)).filteredOn(n -> n.contains(".corrupt-")).hasSize(1);
        assertThat(names(outbox)).noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".state"));
    }

    @Test
    void aHostileJobGuidNeverEscapesTheStateDirectory() throws IOException {
        String hostile = "../../escaped\n/..\\evil";
        Fixture f = new Fixture(stateDir.resolve("state"));
        f.retry = new RetryBackoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(5), Duration.ofSeconds(5));
        f.orchestrator.addJob(hostile, "s");
        f.orchestrator.onUpdate((guid, status, n) -> {
            if (status.isFinal()) {
                throw new dev.belay.client.OrchestratorException.NotSent(dev.belay.client.Endpoint.UPDATE_JOB, "down", null);
            }
        });

        RunSummary summary = f.run();

        assertThat(summary.endReason()).isEqualTo(EndReason.STATUS_UNDELIVERED);
        assertThat(names(stateDir)).containsExactly("state");
        assertThat(new ResultOutbox(stateDir.resolve("state/outbox")).entries())
                .extracting(ResultOutbox.Entry::jobGuid).containsExactly(hostile);
        assertThat(f.runner.started().get(0).launch().jobDir().getParent()).isEqualTo(stateDir.resolve("state/jobs"));
    }

    @Test
    void aStatusThatCannotBeWrittenToDiskIsStillDelivered() throws IOException {
        Fixture f = new Fixture(stateDir);
        f.orchestrator.addJob("job-1", "s");
        Robot robot = f.robot();
        // The disk goes bad after start: the outbox folder is replaced by a file.
        Files.delete(stateDir.resolve("outbox"));
        Files.writeString(stateDir.resolve("outbox"), "not a folder");

        RunSummary summary = robot.run();

        assertThat(summary.jobs()).containsExactly(new JobSummary("job-1", "s", JobStatus.SUCCESS, true, false));
        assertThat(f.orchestrator.codes()).containsExactly("HB2", "CONSUME", "UPDATE8", "HB3", "HB3", "UPDATE4", "HB2");
    }

    @Test
    void aRestartedAgentKeepsTheSpacingFromThePreviousRunsLastHeartbeat() throws IOException {
        Fixture f = new Fixture(stateDir);
        Instant start = f.ticker.now();
        Files.createDirectories(stateDir);
        Files.writeString(stateDir.resolve("last-heartbeat"), start.minusSeconds(4).toString());

        f.run();

        assertThat(f.orchestrator.calls().get(0).at()).isEqualTo(start.plusSeconds(6));
        // Written in place as a padded record of fixed length; the text is the instant.
        assertThat(Files.readString(stateDir.resolve("last-heartbeat")).strip()).isEqualTo(start.plusSeconds(6).toString());
    }

    @Test
    void aLastHeartbeatTimeInTheFutureOrUnreadableIsIgnored() throws IOException {
        Fixture f = new Fixture(stateDir);
        Instant start = f.ticker.now();
        Files.createDirectories(stateDir);
        Files.writeString(stateDir.resolve("last-heartbeat"), start.plusSeconds(3600).toString());
        f.run();
        assertThat(f.orchestrator.calls().get(0).at()).isEqualTo(start);

        Fixture g = new Fixture(stateDir);
        Files.writeString(stateDir.resolve("last-heartbeat"), "garbage");
        g.run();
        assertThat(g.orchestrator.calls().get(0).at()).isEqualTo(g.ticker.now());
    }

    @Test
    void onlyTheMostRecentJobFoldersAreKept() throws IOException {
        Fixture f = new Fixture(stateDir);
        for (int i = 0; i < 25; i++) {
            f.orchestrator.addJob("job-" + i, "s");
        }

        f.run();

        assertThat(names(stateDir.resolve("jobs"))).hasSize(20);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private Process start(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(p);
        return p;
    }

    /** A shell with a background child, returned once the child exists (the shell says so). */
    private Process startTree() throws IOException {
        Process p = start("sh", "-c", "sleep 300 & echo started; exec sleep 301");
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("started");
        return p;
    }
}
