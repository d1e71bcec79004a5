package dev.belay.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.belay.client.JobStatus;
import dev.belay.client.RobotStatus;
import dev.belay.core.internal.JobJournal;
import dev.belay.core.internal.ResultOutbox;
import dev.belay.runner.ProcessStamp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * One state folder, one running agent: a run that finds the folder's lock held touches nothing in it
 * (above all, it does not take the holder's live job for a crashed one and kill it), and ends
 * {@link EndReason#STATE_DIR_IN_USE}. Real files, real processes: a real {@code sleep} stands for the
 * live job (it would be killed by a recovery), a child JVM for the other agent.
 */
@DisabledOnOs(OS.WINDOWS) // the live job is a POSIX 'sleep', as in RobotDurabilityTest
class RobotStateDirLockTest {

    @TempDir
    Path stateDir;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void aSecondRobotInTheSameJvmIsRefusedTouchesNothingAndTheFirstFinishesItsJob() throws Exception {
        Process liveScript = start("sleep", "300");
        ProcessStamp liveStamp = ProcessStamp.of(liveScript.toHandle()).orElseThrow();
        Fixture first = new Fixture(stateDir);
        first.orchestrator.addJob("job-1", "s");
        first.runner.stamps(() -> liveStamp);
        AtomicReference<Fixture> second = new AtomicReference<>();
        AtomicReference<RunSummary> secondSummary = new AtomicReference<>();
        AtomicReference<Map<String, byte[]>> before = new AtomicReference<>();
        AtomicReference<Map<String, byte[]>> after = new AtomicReference<>();
        AtomicReference<String> probeWhileFirstRuns = new AtomicReference<>();
        first.orchestrator.onHeartbeat((hb, n, normal) -> {
            if (hb.status() == RobotStatus.WORKING && second.get() == null) {
                // Mid-job, on the first robot's own thread: its journal holds the live script's pid.
                try {
                    Files.writeString(stateDir.resolve("outbox").resolve("job-x.state.tmp"), "a write in progress");
                    before.set(snapshot());
                    Fixture other = new Fixture(stateDir);
                    other.orchestrator.addJob("job-2", "s");
                    second.set(other);
                    secondSummary.set(other.run());
                    after.set(snapshot());
                    // The refused robot must not have dropped the first one's OS lock by opening and closing
                    // the lock file (POSIX drops all of a process's locks on a file at any close of it).
                    probeWhileFirstRuns.set(LockHolder.probe(stateDir));
                } catch (IOException | InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            return normal;
        });

        RunSummary firstSummary = first.run();

        RunSummary refused = secondSummary.get();
        assertThat(refused.endReason()).isEqualTo(EndReason.STATE_DIR_IN_USE);
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.jobs()).isEmpty();
        assertThat(refused.loggedOff()).isFalse();
        assertThat(second.get().orchestrator.calls()).as("no call to the orchestrator").isEmpty();
        assertThat(second.get().runner.reclaimed()).as("nothing reclaimed").isEmpty();
        assertThat(second.get().runner.started()).isEmpty();
        assertThat(second.get().events).singleElement().isEqualTo(new RobotEvent.StateDirInUse(second.get().ticker.now(),
                stateDir, stateDir.resolve("agent.lock"), ProcessHandle.current().pid()));
        assertThat(after.get()).as("every file of the state folder, byte for byte").isEqualTo(before.get());
        assertThat(before.get()).containsKeys("journal/job-1.state", "outbox/job-x.state.tmp");
        assertThat(liveScript.isAlive()).as("the first robot's live script").isTrue();
        assertThat(probeWhileFirstRuns.get()).as("another process still finds the folder locked")
                .isEqualTo("in-use " + ProcessHandle.current().pid());

        assertThat(firstSummary.endReason()).isEqualTo(EndReason.NO_JOB_LEFT);
        assertThat(firstSummary.jobs()).containsExactly(new JobSummary("job-1", "s", JobStatus.SUCCESS, true, false));
        assertThat(first.orchestrator.codes()).containsExactly("HB2", "CONSUME", "UPDATE8", "HB3", "HB3", "UPDATE4", "HB2");

        // Once the first robot has ended, the folder is free again, in this JVM and for other processes.
        Fixture third = new Fixture(stateDir);
        third.orchestrator.addJob("job-3", "s");
        assertThat(third.run().jobs()).extracting(JobSummary::jobGuid).containsExactly("job-3");
        assertThat(LockHolder.probe(stateDir)).isEqualTo("acquired");
        assertThat(stateDir.resolve("agent.lock")).as("the lock file is never deleted").exists();
    }

    @Test
    void aFolderLockedByAnotherProcessIsLeftUntouchedAndItsLockDiesWithThatProcess() throws Exception {
        // The other agent's state: a live job in the journal, an undelivered status, a write in progress.
        Process liveScript = start("sleep", "300");
        ProcessStamp liveStamp = ProcessStamp.of(liveScript.toHandle()).orElseThrow();
        new JobJournal(stateDir.resolve("journal")).put(new JobJournal.Entry("job-live", "long", liveStamp));
        new ResultOutbox(stateDir.resolve("outbox")).put(new ResultOutbox.Entry("job-done", "s", JobStatus.SUCCESS, Instant.EPOCH));
        Files.writeString(stateDir.resolve("outbox").resolve("job-w.state.tmp"), "a write in progress");
        Process holder = LockHolder.start("hold", stateDir);
        processes.add(holder);
        assertThat(LockHolder.firstLine(holder)).isEqualTo("held");
        Map<String, byte[]> before = snapshot();

        Fixture f = new Fixture(stateDir);
        f.orchestrator.addJob("job-1", "s");
        RunSummary summary = f.run();

        assertThat(summary.endReason()).isEqualTo(EndReason.STATE_DIR_IN_USE);
        assertThat(summary.exitCode()).isEqualTo(2);
        assertThat(f.events).singleElement().isInstanceOfSatisfying(RobotEvent.StateDirInUse.class, e -> {
            assertThat(e.lockFile()).isEqualTo(stateDir.resolve("agent.lock"));
            assertThat(e.holderPid()).as("the holder wrote its pid").isEqualTo(holder.pid());
        });
        assertThat(f.orchestrator.calls()).isEmpty();
        assertThat(f.runner.reclaimed()).isEmpty();
        assertThat(liveScript.isAlive()).as("the other agent's live job").isTrue();
        assertThat(snapshot()).as("every file of the state folder, byte for byte").isEqualTo(before);

        // kill -9 of the holder: the OS drops its lock, nothing stale is left; the next robot recovers as usual.
        holder.destroyForcibly();
        assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Fixture next = new Fixture(stateDir);
        RunSummary recovered = next.run();

        assertThat(recovered.endReason()).isEqualTo(EndReason.NO_JOB_LEFT);
        assertThat(next.runner.reclaimed()).containsExactly(liveStamp);
        assertThat(liveScript.waitFor(10, TimeUnit.SECONDS)).as("a crashed agent's job is reclaimed").isTrue();
        assertThat(recovered.jobs()).extracting(JobSummary::jobGuid).containsExactlyInAnyOrder("job-live", "job-done");
    }

    @Test
    void aLockThatCannotBeTakenEndsTheRunWithoutTouchingAnything() throws Exception {
        Files.createDirectories(stateDir.resolve("agent.lock")); // a folder where the lock file should be
        Files.createDirectories(stateDir.resolve("outbox"));
        Files.writeString(stateDir.resolve("outbox").resolve("job-w.state.tmp"), "a write in progress");
        Map<String, byte[]> before = snapshot();
        Fixture f = new Fixture(stateDir);

        RunSummary summary = f.run();

        assertThat(summary.endReason()).isEqualTo(EndReason.STATE_DIR_NOT_LOCKABLE);
        assertThat(summary.exitCode()).isEqualTo(2);
        assertThat(f.orchestrator.calls()).isEmpty();
        assertThat(snapshot()).isEqualTo(before);
    }

    private Process start(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(p);
        return p;
    }

    /** Every regular file under the state folder (but the lock file) with its bytes, by relative path. */
    private Map<String, byte[]> snapshot() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> all = Files.walk(stateDir)) {
            for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
                String name = stateDir.relativize(p).toString().replace('\\', '/');
                if (!name.equals("agent.lock")) {
                    files.put(name, Files.readAllBytes(p));
                }
            }
        }
        return new ByteMap(files);
    }

    /** A map whose values compare by content, so that AssertJ's equality means "same bytes". */
    private static final class ByteMap extends LinkedHashMap<String, byte[]> {
        ByteMap(Map<String, byte[]> m) {
            super(m);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Map<?, ?> other) || other.size() != size()) {
                return false;
            }
            return entrySet().stream().allMatch(e -> other.get(e.getKey()) instanceof byte[] b && java.util.Arrays.equals(b, e.getValue()));
        }

        @Override
        public int hashCode() {
            return keySet().hashCode();
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("{");
            forEach((k, v) -> s.append(k).append('=').append(new String(v, StandardCharsets.UTF_8).replace("\n", "\\n")).append("; "));
            return s.append('}').toString();
        }
    }
}
