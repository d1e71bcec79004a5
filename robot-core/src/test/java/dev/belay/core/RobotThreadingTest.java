package dev.belay.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.belay.client.ConsumeReply;
import dev.belay.client.JobStatus;
import dev.belay.core.fakes.FakeOrchestrator;
import dev.belay.runner.OutputListener;
import dev.belay.runner.ProcessStamp;
import dev.belay.runner.RunningScript;
import dev.belay.runner.ScriptLaunch;
import dev.belay.runner.ScriptResult;
import dev.belay.runner.ScriptRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@link Ticker} with other threads: a shutdown request, a script completion and an interrupt
 * all wake a loop that would otherwise wait an hour. Every wait in the test is for an event, bounded
 * only so that a bug fails the test instead of hanging it.
 */
class RobotThreadingTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path stateDir;

    /** A script that ends only when told to, from a thread of its own, like a real runner's. */
    static final class ThreadedScript implements RunningScript {
        final CompletableFuture<ScriptResult> completion = new CompletableFuture<>();

        void endOnAnotherThread(ScriptResult r) {
            new Thread(() -> completion.complete(r), "fake-script-reaper").start();
        }

        public Optional<ProcessStamp> process() {
            return Optional.empty();
        }

        public CompletionStage<ScriptResult> completion() {
            return completion;
        }

        public void requestStop(Duration grace) {
            endOnAnotherThread(new ScriptResult.Stopped(0, Duration.ofSeconds(1), 0));
        }

        public void abort() {
            endOnAnotherThread(new ScriptResult.Aborted(Duration.ofSeconds(1), 0));
        }
    }

    static final class ThreadedRunner implements ScriptRunner {
        final AtomicReference<ThreadedScript> last = new AtomicReference<>();

        public String id() {
            return "threaded";
        }

        public RunningScript start(ScriptLaunch launch, OutputListener listener) {
            ThreadedScript s = new ThreadedScript();
            last.set(s);
            return s;
        }
    }

    private final Ticker ticker = Ticker.system();
    private final FakeOrchestrator orchestrator = new FakeOrchestrator(ticker);
    private final ThreadedRunner runner = new ThreadedRunner();

    private Robot.Builder robot(RobotListener listener) {
        return Robot.builder().client(orchestrator).runner(runner).identity(Fixture.IDENTITY)
                .scriptsDir(stateDir).stateDir(stateDir.resolve("state"))
                .heartbeatInterval(HOUR).stopGrace(Duration.ofSeconds(30)).ticker(ticker).listener(listener);
    }

    private static CompletableFuture<RunSummary> runInBackground(Robot robot, AtomicBoolean interruptFlagAfterRun) {
        CompletableFuture<RunSummary> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            RunSummary summary = robot.run();
            interruptFlagAfterRun.set(Thread.currentThread().isInterrupted());
            result.complete(summary);
        }, "robot");
        t.setDaemon(true);
        t.start();
        return result;
    }

    @Test
    void aShutdownRequestFromAnotherThreadStopsTheRunningScriptAndReportsIt() throws Exception {
        orchestrator.addJob("job-1", "s");
        CountDownLatch started = new CountDownLatch(1);
        Robot robot = robot(e -> {
            if (e instanceof RobotEvent.ScriptStarted) {
                started.countDown();
            }
        }).build();

        CompletableFuture<RunSummary> run = runInBackground(robot, new AtomicBoolean());
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        robot.requestShutdown();
        RunSummary summary = run.get(30, TimeUnit.SECONDS);

        assertThat(summary.endReason()).isEqualTo(EndReason.INTERRUPTED);
        assertThat(summary.jobs()).containsExactly(new JobSummary("job-1", "s", JobStatus.STOPPED, true, false));
        assertThat(orchestrator.codes()).containsExactly("HB2", "CONSUME", "UPDATE8", "UPDATE7");
    }

    @Test
    void aScriptEndingOnAnotherThreadWakesTheLoopAtOnce() throws Exception {
        orchestrator.addJob("job-1", "s");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch delivered = new CountDownLatch(1);
        Robot robot = robot(e -> {
            if (e instanceof RobotEvent.ScriptStarted) {
                started.countDown();
            } else if (e instanceof RobotEvent.StatusDelivered) {
                delivered.countDown();
            }
        }).build();

        CompletableFuture<RunSummary> run = runInBackground(robot, new AtomicBoolean());
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        runner.last.get().endOnAnotherThread(new ScriptResult.Exited(0, Duration.ofSeconds(1), 0));
        // Delivered long before the hour-long heartbeat interval: the completion woke the loop.
        assertThat(delivered.await(30, TimeUnit.SECONDS)).isTrue();
        robot.requestShutdown();
        RunSummary summary = run.get(30, TimeUnit.SECONDS);

        assertThat(summary.jobs()).containsExactly(new JobSummary("job-1", "s", JobStatus.SUCCESS, true, false));
        assertThat(orchestrator.codes()).containsExactly("HB2", "CONSUME", "UPDATE8", "UPDATE4");
        assertThat(summary.endReason()).isEqualTo(EndReason.INTERRUPTED);
    }

    @Test
    void interruptingTheRobotThreadCountsAsAShutdownAndTheFlagIsRestored() throws Exception {
        orchestrator.addJob("job-1", "s");
        orchestrator.onConsume((n, normal) -> new ConsumeReply(102, "", null));
        CountDownLatch consumed = new CountDownLatch(1);
        AtomicReference<Thread> robotThread = new AtomicReference<>();
        Robot robot = robot(e -> {
            if (e instanceof RobotEvent.StateChanged s && s.to() instanceof RobotState.Ready && s.from() instanceof RobotState.Consuming) {
                robotThread.set(Thread.currentThread());
                consumed.countDown();
            }
        }).build();
        AtomicBoolean flag = new AtomicBoolean();

        CompletableFuture<RunSummary> run = runInBackground(robot, flag);
        assertThat(consumed.await(30, TimeUnit.SECONDS)).isTrue();
        robotThread.get().interrupt();
        RunSummary summary = run.get(30, TimeUnit.SECONDS);

        assertThat(summary.endReason()).isEqualTo(EndReason.INTERRUPTED);
        assertThat(orchestrator.codes()).containsExactly("HB2", "CONSUME");
        assertThat(flag).as("interrupt flag restored when run() returns").isTrue();
    }
}
