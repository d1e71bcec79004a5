package dev.belay.runner.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.belay.runner.OutputListener;
import dev.belay.runner.ProcessStamp;
import dev.belay.runner.RunningScript;
import dev.belay.runner.ScriptResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(AbortLeftovers.class)
class StopAndAbortIT {

    private static final Duration READY = Duration.ofSeconds(20);

    @TempDir
    java.nio.file.Path tmp;

    @Test
    void stopOfAScriptThatTrapsTheSignalIsStopped() {
        Fixture f = new Fixture(tmp);
        Fixture.Lines lines = new Fixture.Lines();
        RunningScript s = f.start(f.launch("trap_signal"), lines);
        Fixture.awaitTrue("READY", READY, () -> lines.stdout.contains("READY"));

        s.requestStop(Duration.ofSeconds(30));
        ScriptResult r = Fixture.await(s);

        assertThat(r).isEqualTo(new ScriptResult.Stopped(0, r.duration(), 0));
        assertThat(lines.stdout).contains("CLEANUP");
        assertThat(f.jobDir.resolve("stop")).exists();
    }

    @Test
    void stopOfAScriptThatPollsTheStopFileIsStopped() {
        Fixture f = new Fixture(tmp);
        Fixture.Lines lines = new Fixture.Lines();
        RunningScript s = f.start(f.launch("poll_stop_file"), lines);
        Fixture.awaitTrue("READY", READY, () -> lines.stdout.contains("READY"));

        s.requestStop(Duration.ofSeconds(30));
        ScriptResult r = Fixture.await(s);

        assertThat(r).isEqualTo(new ScriptResult.Stopped(0, r.duration(), 0));
        assertThat(lines.stdout).contains("CLEANUP");
    }

    @Test
    void stopOfAnUntrappedScriptUnwindsItWithKeyboardInterrupt() {
        Fixture f = new Fixture(tmp);
        Fixture.Lines lines = new Fixture.Lines();
        RunningScript s = f.start(f.launch("untrapped"), lines);
        Fixture.awaitTrue("READY", READY, () -> lines.stdout.contains("READY"));

        s.requestStop(Duration.ofSeconds(30));
        ScriptResult r = Fixture.await(s);

        assertThat(r).isInstanceOf(ScriptResult.Stopped.class);
        assertThat(((ScriptResult.Stopped) r).exitCode()).isEqualTo(128 + 2); // Python re-raises SIGINT on exit
        assertThat(lines.stdout).contains("FINALLY");
        assertThat(lines.stderr).anyMatch(l -> l.contains("KeyboardInterrupt"));
    }

    @Test
    void scriptIgnoringBothStopChannelsIsAbortedAfterGrace() {
        Fixture f = new Fixture(tmp);
        Fixture.Lines lines = new Fixture.Lines();
        RunningScript s = f.start(f.launch("ignore_stop"), lines);
        Fixture.awaitTrue("READY", READY, () -> lines.stdout.contains("READY"));
        long pid = s.process().orElseThrow().pid();

        s.requestStop(Duration.ofMillis(500));
        ScriptResult r = Fixture.await(s);

        assertThat(r).isInstanceOf(ScriptResult.AbortedAfterGrace.class);
        assertThat(r.leftoverProcessesKilled()).isEqualTo(1); // the script itself
        assertThat(Fixture.aliveInProc(pid)).isFalse();
    }

    @Test
    void abortKillsChildGrandchildAndDoubleForkedDaemon() {
        Fixture f = new Fixture(tmp);
        Fixture.Lines lines = new Fixture.Lines();
        RunningScript s = f.start(f.launch("tree"), lines);
        Fixture.awaitTrue("four PID lines", READY, () -> lines.startingWith("PID ").size() == 4);
        Map<String, Long> pids = pids(lines);
        long scriptPid = s.process().orElseThrow().pid();
        assertThat(pids.get("script")).isEqualTo(scriptPid);
        // The daemon really left the script's session: only the run marker can find it.
        assertThat(Fixture.sessionInProc(pids.get("daemon"))).isNotEqualTo(scriptPid).isPositive();
        assertThat(Fixture.sessionInProc(pids.get("grandchild"))).isEqualTo(scriptPid);
        assertThat(pids.values()).allMatch(Fixture::aliveInProc);

        s.abort();
        ScriptResult r = Fixture.await(s);

        assertThat(r).isInstanceOf(ScriptResult.Aborted.class);
        assertThat(r.leftoverProcessesKilled()).isEqualTo(4);
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            assertThat(Fixture.aliveInProc(e.getValue())).as("%s (pid %d) alive in /proc", e.getKey(), e.getValue()).isFalse();
        }
    }

    @Test
    void abortAndStopAreIdempotentConcurrentAndHarmlessAfterExit() throws Exception {
        Fixture f = new Fixture(tmp);
        Fixture.Lines lines = new Fixture.Lines();
        RunningScript s = f.start(f.launch("ignore_stop"), lines);
        Fixture.awaitTrue("READY", READY, () -> lines.stdout.contains("READY"));
        List<ScriptResult> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        s.completion().thenAccept(seen::add);
        s.completion().thenAccept(seen::add);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < 16; i++) {
            boolean stop = i % 2 == 0;
            pool.submit(() -> {
                go.await();
                if (stop) {
                    s.requestStop(Duration.ofSeconds(30));
                } else {
                    s.abort();
                }
                return null;
            });
        }
        go.countDown();
        ScriptResult r = Fixture.await(s);
        pool.shutdown();
        s.abort();
        s.requestStop(Duration.ZERO);

        assertThat(r).isInstanceOf(ScriptResult.Aborted.class);
        Fixture.awaitTrue("both callbacks", Duration.ofSeconds(5), () -> seen.size() == 2);
        assertThat(seen).containsOnly(r);
        assertThat(Fixture.await(s)).isSameAs(r);
    }

    @Test
    void abortFromAnInterruptedThreadStillKillsAndKeepsTheInterrupt() {
        Fixture f = new Fixture(tmp);
        Fixture.Lines lines = new Fixture.Lines();
        RunningScript s = f.start(f.launch("ignore_stop"), lines);
        Fixture.awaitTrue("READY", READY, () -> lines.stdout.contains("READY"));
        long pid = s.process().orElseThrow().pid();

        Thread.currentThread().interrupt();
        s.abort();
        boolean stillInterrupted = Thread.interrupted();

        assertThat(stillInterrupted).isTrue();
        assertThat(Fixture.aliveInProc(pid)).isFalse();
        assertThat(Fixture.await(s)).isInstanceOf(ScriptResult.Aborted.class);
    }

    @Test
    void abortAfterANormalExitChangesNothing() {
        Fixture f = new Fixture(tmp);
        RunningScript s = f.start(f.launch("exit3"), OutputListener.NONE);
        ScriptResult r = Fixture.await(s);
        s.abort();
        s.requestStop(Duration.ofSeconds(1));
        assertThat(Fixture.await(s)).isEqualTo(new ScriptResult.Exited(3, r.duration(), 0));
    }

    @Test
    void reclaimKillsALiveTreeByItsStamp() {
        Fixture f = new Fixture(tmp);
        Fixture.Lines lines = new Fixture.Lines();
        RunningScript s = f.start(f.launch("tree"), lines);
        Fixture.awaitTrue("four PID lines", READY, () -> lines.startingWith("PID ").size() == 4);
        Map<String, Long> pids = pids(lines);
        ProcessStamp stamp = s.process().orElseThrow();

        // As a fresh agent would after a crash: a new runner that knows only the stamp.
        int killed = new Fixture(tmp.resolve("other")).runner.reclaim(stamp);

        assertThat(killed).isEqualTo(4);
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            assertThat(Fixture.aliveInProc(e.getValue())).as("%s alive in /proc", e.getKey()).isFalse();
        }
        assertThat(Fixture.await(s)).isInstanceOf(ScriptResult.Exited.class);
    }

    @Test
    void reclaimLeavesAProcessWithAMismatchingStartTimeAlone() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            ProcessStamp real = ProcessStamp.of(sleeper.toHandle()).orElseThrow();
            ProcessStamp reused = new ProcessStamp(real.pid(), real.startTime().minusSeconds(5));

            int killed = new Fixture(tmp).runner.reclaim(reused);

            assertThat(killed).isZero();
            assertThat(Fixture.aliveInProc(sleeper.pid())).isTrue();
        } finally {
            sleeper.destroyForcibly();
        }
    }

    static Map<String, Long> pids(Fixture.Lines lines) {
        Map<String, Long> pids = new HashMap<>();
        for (String l : lines.startingWith("PID ")) {
            String[] parts = l.split(" ");
            pids.put(parts[1], Long.parseLong(parts[2]));
        }
        return pids;
    }
}
