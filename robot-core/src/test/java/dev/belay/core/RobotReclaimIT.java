package dev.belay.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.belay.client.JobStatus;
import dev.belay.client.RobotStatus;
import dev.belay.core.RobotDurabilityTest.SimulatedCrash;
import dev.belay.core.fakes.FakeOrchestrator;
import dev.belay.runner.RunnerOptions;
import dev.belay.runner.ScriptRunners;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal with the real CPython runner: an agent dies while its script (and a child of that script)
 * runs; the next agent, with a fresh runner, kills both and reports the job Failed before anything else.
 */
@DisabledOnOs(OS.WINDOWS)
class RobotReclaimIT {

    @TempDir
    Path dir;
    private final List<Long> pids = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void aScriptLeftRunningByACrashedAgentIsKilledWithItsChildByTheNextAgent() throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(scripts.resolve("stuck.py"), String.join("\n",
                "import os, subprocess, sys, time",
                "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)'])",
                "print('pids', os.getpid(), child.pid, flush=True)",
                "time.sleep(300)",
                ""));
        Ticker ticker = Ticker.system();
        CompletableFuture<long[]> scriptPids = new CompletableFuture<>();

        FakeOrchestrator first = new FakeOrchestrator(ticker).addJob("job-1", "stuck");
        first.onHeartbeat((hb, n, normal) -> {
            if (hb.status() == RobotStatus.WORKING) {
                try {
                    // Die only once the script has started its child, so there is a tree to reclaim.
                    scriptPids.get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("the script never reported its pids", e);
                }
                throw new SimulatedCrash();
            }
            return normal;
        });
        Robot crashing = robot(first, ticker)
                .outputListener((stream, at, line) -> {
                    if (line.startsWith("pids ")) {
                        String[] p = line.split(" ");
                        long[] both = {Long.parseLong(p[1]), Long.parseLong(p[2])};
                        pids.add(both[0]);
                        pids.add(both[1]);
                        scriptPids.complete(both);
                    }
                })
                .build();
        assertThatThrownBy(crashing::run).isInstanceOf(SimulatedCrash.class);
        long[] both = scriptPids.get();
        assertThat(ProcessHandle.of(both[0])).as("script alive after the crash").isPresent();

        FakeOrchestrator second = new FakeOrchestrator(ticker);
        List<RobotEvent> events = new ArrayList<>();
        RunSummary summary = robot(second, ticker).listener(events::add).build().run();

        for (long pid : both) {
            ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(30, TimeUnit.SECONDS).join());
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("pid %s killed", pid).isEmpty();
        }
        assertThat(second.codes()).containsExactly("UPDATE5", "HB2");
        assertThat(summary.jobs()).containsExactly(new JobSummary("job-1", "stuck", JobStatus.FAILED, true, true));
        assertThat(events).filteredOn(RobotEvent.JobReclaimed.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((RobotEvent.JobReclaimed) e).processesKilled()).isGreaterThanOrEqualTo(1));
    }

    private Robot.Builder robot(FakeOrchestrator orchestrator, Ticker ticker) {
        return Robot.builder()
                .client(orchestrator)
                .runner(ScriptRunners.create(ScriptRunners.DEFAULT_ID, RunnerOptions.defaults()))
                .identity(Fixture.IDENTITY)
                .scriptsDir(dir.resolve("scripts"))
                .stateDir(dir.resolve("state"))
                .heartbeatInterval(Duration.ofMillis(200))
                .stopGrace(Duration.ofSeconds(5))
                .ticker(ticker);
    }
}
