package dev.belay.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.belay.client.ConsumeReply;
import dev.belay.client.Endpoint;
import dev.belay.client.HeartbeatReply;
import dev.belay.client.JobStatus;
import dev.belay.client.OrchestratorException;
import dev.belay.client.RobotStatus;
import dev.belay.core.fakes.FakeOrchestrator.Call;
import dev.belay.core.fakes.FakeRunner.Behaviour;
import dev.belay.runner.ScriptResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop on fake time, branch by branch (PROTOCOL.md, "The loop"). */
class RobotTest {

    @TempDir
    Path stateDir;
    Fixture f;

    @BeforeEach
    void setUp() {
        f = new Fixture(stateDir);
    }

    private static Duration secs(long s) {
        return Duration.ofSeconds(s);
    }

    private Instant t(long seconds) {
        return Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seconds);
    }

    private static OrchestratorException notSent(Endpoint e) {
        return new OrchestratorException.NotSent(e, "connection refused", null);
    }

    @Test
    void runsOneJobWithTheExactRequestSequenceAndTimes() {
        f.orchestrator.addJob("job-1", "invoices\\load");
        f.runner.behave("invoices\\load", Behaviour.exits(secs(25), 0));

        RunSummary summary = f.run();

        assertThat(f.orchestrator.codes()).containsExactly("HB2", "CONSUME", "UPDATE8", "HB3", "HB3", "UPDATE4", "HB2");
        assertThat(f.orchestrator.calls()).extracting(Call::at)
                .containsExactly(t(0), t(0), t(0), t(10), t(20), t(25), t(30));
        Call working = f.orchestrator.heartbeats().get(1);
        assertThat(working.jobGuid()).isEqualTo("job-1");
        assertThat(working.jobName()).isEqualTo("invoices\\load");
        assertThat(f.orchestrator.heartbeats().get(0).jobGuid()).isEmpty();
        assertThat(summary.endReason()).isEqualTo(EndReason.NO_JOB_LEFT);
        assertThat(summary.exitCode()).isZero();
        assertThat(summary.jobs()).containsExactly(new JobSummary("job-1", "invoices\\load", JobStatus.SUCCESS, true, false));
        assertThat(summary.loggedOff()).isTrue();
        assertThat(f.logoffs).hasValue(1);
    }

    @Test
    void runsNJobsInARowAndEndsWhenNoJobIsLeft() {
        for (int i = 1; i <= 5; i++) {
            f.orchestrator.addJob("job-" + i, "script" + i);
        }
        f.runner.behave("script3", Behaviour.exits(secs(3), 2));

        RunSummary summary = f.run();

        assertThat(summary.jobs()).extracting(JobSummary::jobGuid).containsExactly("job-1", "job-2", "job-3", "job-4", "job-5");
        assertThat(summary.jobs()).extracting(JobSummary::status).containsExactly(
                JobStatus.SUCCESS, JobStatus.SUCCESS, JobStatus.FAILED, JobStatus.SUCCESS, JobStatus.SUCCESS);
        assertThat(summary.jobs()).allMatch(JobSummary::delivered);
        assertThat(f.orchestrator.codes().stream().filter("CONSUME"::equals)).hasSize(5);
        assertThat(f.orchestrator.codes().get(f.orchestrator.codes().size() - 1)).isEqualTo("HB2");
        assertThat(summary.endReason()).isEqualTo(EndReason.NO_JOB_LEFT);
        assertThat(f.runner.started()).extracting(s -> s.launch().taskJson()).containsOnly("{\"n\":1}");
        assertThat(f.runner.started().get(0).launch().robotGuid()).isEqualTo("robot-guid-secret");
    }

    @Test
    void noJobAtAllEndsAfterOneReadyHeartbeatAndLogsOff() {
        RunSummary summary = f.run();

        assertThat(f.orchestrator.codes()).containsExactly("HB2");
        assertThat(summary.endReason()).isEqualTo(EndReason.NO_JOB_LEFT);
        assertThat(summary.jobs()).isEmpty();
        assertThat(f.logoffs).hasValue(1);
    }

    @Test
    void abortCodeKillsTheScriptAtOnceAndReportsAborted() {
        f.orchestrator.addJob("job-1", "long");
        f.runner.behave("long", Behaviour.runsForever());
        f.orchestrator.onHeartbeat((hb, n, normal) ->
                hb.status() == RobotStatus.WORKING && n == 3 ? new HeartbeatReply(10, "abort", 0) : normal);

        RunSummary summary = f.run();

        assertThat(f.runner.started().get(0).abortedAt()).isEqualTo(t(20));
        assertThat(f.orchestrator.codes()).containsExactly("HB2", "CONSUME", "UPDATE8", "HB3", "HB3", "UPDATE3", "HB2");
        assertThat(f.orchestrator.calls().get(5).at()).isEqualTo(t(20));
        assertThat(summary.jobs()).extracting(JobSummary::status).containsExactly(JobStatus.ABORTED);
        assertThat(f.events(RobotEvent.AbortRequested.class)).extracting(RobotEvent.AbortRequested::cause)
                .containsExactly(RobotEvent.Cause.ORCHESTRATOR);
        assertThat(f.states()).containsSubsequence("WORKING", "WORKING/ABORTING", "REPORTING", "READY");
    }

    @Test
    void stopCodeEndsAScriptThatStopsWithinTheGraceAsStopped() {
        f.orchestrator.addJob("job-1", "polite");
        f.runner.behave("polite", Behaviour.stopsAfter(secs(4)));
        f.orchestrator.onHeartbeat((hb, n, normal) ->
                hb.status() == RobotStatus.WORKING ? new HeartbeatReply(20, "stop", 0) : normal);

        RunSummary summary = f.run();

        assertThat(f.runner.started().get(0).stopRequestedAt()).isEqualTo(t(10));
        assertThat(f.runner.started().get(0).grace()).isEqualTo(Fixture.GRACE);
        assertThat(f.orchestrator.codes()).containsExactly("HB2", "CONSUME", "UPDATE8", "HB3", "UPDATE7", "HB2");
        assertThat(f.orchestrator.calls().get(4).at()).isEqualTo(t(14));
        assertThat(summary.jobs()).extracting(JobSummary::status).containsExactly(JobStatus.STOPPED);
    }

    @Test
    void stopCodeEscalatesToAKillWhenTheGraceRunsOutAndReportsAborted() {
        f.orchestrator.addJob("job-1", "stubborn");
        f.runner.behave("stubborn", Behaviour.ignoresStop());
        f.orchestrator.onHeartbeat((hb, n, normal) ->
                hb.status() == RobotStatus.WORKING ? new HeartbeatReply(20, "stop", 0) : normal);

        RunSummary summary = f.run();

        // Stop asked at 10 s, grace 30 s: killed at 40 s; Working heartbeats go on meanwhile, and the
        // repeated code 20 does not restart the grace.
        assertThat(f.orchestrator.codes()).containsExactly("HB2", "CONSUME", "UPDATE8", "HB3", "HB3", "HB3", "UPDATE3", "HB2");
        assertThat(f.orchestrator.calls().get(6).at()).isEqualTo(t(40));
        assertThat(f.events(RobotEvent.StopRequested.class)).hasSize(1);
        assertThat(f.events(RobotEvent.ScriptEnded.class).get(0).result()).isInstanceOf(ScriptResult.AbortedAfterGrace.class);
        assertThat(summary.jobs()).extracting(JobSummary::status).containsExactly(JobStatus.ABORTED);
    }

    @Test
    void abortCodeDuringAGracefulStopKillsAtOnce() {
        f.orchestrator.addJob("job-1", "stubborn");
        f.runner.behave("stubborn", Behaviour.ignoresStop());
        f.orchestrator.onHeartbeat((hb, n, normal) -> hb.status() != RobotStatus.WORKING ? normal
                : new HeartbeatReply(n == 2 ? 20 : 10, "", 0));

        RunSummary summary = f.run();

        assertThat(f.runner.started().get(0).abortedAt()).isEqualTo(t(20));
        assertThat(summary.jobs()).extracting(JobSummary::status).containsExactly(JobStatus.ABORTED);
    }

    @Test
    void notRegisteredOnTheFirstHeartbeatEndsAtOnceWithoutConsuming() {
        f.orchestrator.addJob("job-1", "s");
        f.orchestrator.onHeartbeat((hb, n, normal) -> new HeartbeatReply(101, "robot not found", 1));

        RunSummary summary = f.run();

        assertThat(f.orchestrator.codes()).containsExactly("HB2");
        assertThat(summary.endReason()).isEqualTo(EndReason.ROBOT_NOT_REGISTERED);
        assertThat(summary.exitCode()).isEqualTo(3);
        assertThat(f.logoffs).hasValue(0);
    }

    @Test
    void notRegisteredOnAWorkingHeartbeatAbortsTheJobReportsItThenEnds() {
        f.orchestrator.addJob("job-1", "long").addJob("job-2", "never");
        f.runner.behave("long", Behaviour.runsForever());
        f.orchestrator.onHeartbeat((hb, n, normal) ->
                hb.status() == RobotStatus.WORKING ? new HeartbeatReply(101, "robot not found", 1) : normal);

        RunSummary summary = f.run();

        assertThat(f.orchestrator.codes()).containsExactly("HB2", "CONSUME", "UPDATE8", "HB3", "UPDATE3");
        assertThat(summary.jobs()).containsExactly(new JobSummary("job-1", "long", JobStatus.ABORTED, true, false));
        assertThat(summary.endReason()).isEqualTo(EndReason.ROBOT_NOT_REGISTERED);
        assertThat(f.events(RobotEvent.AbortRequested.class)).extracting(RobotEvent.AbortRequested::cause)
                .containsExactly(RobotEvent.Cause.ROBOT_NOT_REGISTERED);
        assertThat(f.logoffs).hasValue(0);
    }

    @Test
    void notRegisteredOnConsumeEndsAtOnce() {
        f.orchestrator.addJob("job-1", "s");
        f.orchestrator.onConsume((n, normal) -> new ConsumeReply(101, "robot not found", null));

        RunSummary summary = f.run();

        assertThat(f.orchestrator.codes()).containsExactly("HB2", "CONSUME");
        assertThat(summary.endReason()).isEqualTo(EndReason.ROBOT_NOT_REGISTERED);
    }

    @Test
    void noJobFoundOnConsumeHeartbeatsAgainAfterTheInterval() {
        f.orchestrator.addJob("job-1", "s");
        f.orchestrator.onConsume((n, normal) -> n == 1 ? new ConsumeReply(102, "no job", null) : normal);

        RunSummary summary = f.run();

        assertThat(f.orchestrator.codes()).startsWith("HB2", "CONSUME", "HB2", "CONSUME", "UPDATE8");
        assertThat(f.orchestrator.calls().get(2).at()).isEqualTo(t(10));
        assertThat(summary.jobs()).extracting(JobSummary::status).containsExactly(JobStatus.SUCCESS);
    }

    @Test
    void unknownConsumeCodeIsLoggedAndTheRobotHeartbeatsAgain() {
        f.orchestrator.addJob("job-1", "s");
        f.orchestrator.onConsume((n, normal) -> n == 1 ? new ConsumeReply(77, "what", null) : normal);

        RunSummary summary = f.run();

        assertThat(f.orchestrator.codes()).startsWith("HB2", "CONSUME", "HB2", "CONSUME", "UPDATE8");
        assertThat(summary.endReason()).isEqualTo(EndReason.NO_JOB_LEFT);
    }

    @Test
    void unknownHasNewJobEndsTheRunWithoutLogoff() {
        f.orchestrator.onHeartbeat((hb, n, normal) -> new HeartbeatReply(0, "", 7));

        RunSummary summary = f.run();

        assertThat(f.orchestrator.codes()).containsExactly("HB2");
        assertThat(summary.endReason()).isEqualTo(EndReason.ORCHESTRATOR_UNREACHABLE);
        assertThat(f.logoffs).hasValue(0);
    }

    @Test
    void hasNewJobInAWorkingHeartbeatIsIgnoredUntilTheJobIsDone() {
        f.orchestrator.addJob("job-1", "s").addJob("job-2", "s");

        f.run();

        // Working heartbeats carry HasNewJob=1 (a job is queued): no consume until the Ready heartbeat.
        List<String> codes = f.orchestrator.codes();
        assertThat(codes).containsExactly("HB2", "CONSUME", "UPDATE8", "HB3", "HB3", "UPDATE4",
                "HB2", "CONSUME", "UPDATE8", "HB3", "HB3", "UPDATE4", "HB2");
    }

    @Test
    void unknownOrIdleCodesOnHeartbeatsAreIgnored() {
        f.orchestrator.addJob("job-1", "s");
        f.orchestrator.onHeartbeat((hb, n, normal) -> new HeartbeatReply(n == 1 ? 20 : 55, "", normal.hasNewJobValue()));

        RunSummary summary = f.run();

        assertThat(summary.jobs()).extracting(JobSummary::status).containsExactly(JobStatus.SUCCESS);
        assertThat(summary.endReason()).isEqualTo(EndReason.NO_JOB_LEFT);
    }

    @Test
    void aJobHandedOutAgainIsNeverRunTwiceAndItsStatusIsSentAgain() {
        f.orchestrator.addJob("job-1", "s").addJob("job-1", "s");
        f.runner.behave("s", Behaviour.exits(secs(3), 1));

        RunSummary summary = f.run();

        assertThat(f.runner.started()).hasSize(1);
        assertThat(f.orchestrator.codes()).containsExactly("HB2", "CONSUME", "UPDATE8", "UPDATE5", "HB2", "CONSUME", "UPDATE5", "HB2");
        assertThat(summary.jobs()).containsExactly(new JobSummary("job-1", "s", JobStatus.FAILED, true, false));
    }

    @Test
    void aScriptThatFailsToStartIsReportedFailed() {
        f.orchestrator.addJob("job-1", "..\\evil");
        f.runner.behave("..\\evil", Behaviour.failsToStart("script name leaves the scripts folder"));

        RunSummary summary = f.run();

        assertThat(f.orchestrator.codes()).containsExactly("HB2", "CONSUME", "UPDATE8", "UPDATE5", "HB2");
        assertThat(summary.jobs()).extracting(JobSummary::status).containsExactly(JobStatus.FAILED);
        assertThat(f.events(RobotEvent.ScriptStarted.class).get(0).process()).isNull();
    }

    @Test
    void aRunnerThatThrowsOnStartIsReportedFailedNotCrashed() {
        f.orchestrator.addJob("job-1", "s");
        RunSummary summary = f.builder().runner(new dev.belay.runner.ScriptRunner() {
            public String id() {
                return "broken";
            }

            public dev.belay.runner.RunningScript start(dev.belay.runner.ScriptLaunch l, dev.belay.runner.OutputListener o) {
                throw new IllegalStateException("runner bug");
            }
        }).build().run();

        assertThat(summary.jobs()).extracting(JobSummary::status).containsExactly(JobStatus.FAILED);
        assertThat(summary.endReason()).isEqualTo(EndReason.NO_JOB_LEFT);
    }

    @Test
    void aRunnerWhoseCompletionFailsStillGetsTheJobReportedFailed() {
        f.orchestrator.addJob("job-1", "s");
        RunSummary summary = f.builder().runner(new dev.belay.runner.ScriptRunner() {
            public String id() {
                return "broken";
            }

            public dev.belay.runner.RunningScript start(dev.belay.runner.ScriptLaunch l, dev.belay.runner.OutputListener o) {
                return new dev.belay.runner.RunningScript() {
                    public java.util.Optional<dev.belay.runner.ProcessStamp> process() {
                        return java.util.Optional.empty();
                    }

                    public java.util.concurrent.CompletionStage<ScriptResult> completion() {
                        return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("runner bug"));
                    }

                    public void requestStop(Duration grace) {
                        throw new IllegalStateException("runner bug");
                    }

                    public void abort() {
                        throw new IllegalStateException("runner bug");
                    }
                };
            }
        }).build().run();

        assertThat(summary.jobs()).extracting(JobSummary::status).containsExactly(JobStatus.FAILED);
        assertThat(summary.endReason()).isEqualTo(EndReason.NO_JOB_LEFT);
    }

    @Test
    void aFailedWorkingHeartbeatIsLoggedAndNeverEndsTheJob() {
        f.orchestrator.addJob("job-1", "long");
        f.runner.behave("long", Behaviour.exits(secs(45), 0));
        f.orchestrator.onHeartbeat((hb, n, normal) -> {
            if (hb.status() == RobotStatus.WORKING && n <= 3) {
                throw new OrchestratorException.NoReply(Endpoint.HEARTBEAT, "read timed out", null);
            }
            return normal;
        });

        RunSummary summary = f.run();

        assertThat(f.events(RobotEvent.HeartbeatFailed.class)).hasSize(2);
        assertThat(f.orchestrator.codes()).containsExactly("HB2", "CONSUME", "UPDATE8", "HB3", "HB3", "HB3", "HB3", "UPDATE4", "HB2");
        assertThat(summary.jobs()).extracting(JobSummary::status).containsExactly(JobStatus.SUCCESS);
    }

    @Test
    void aFailedReadyHeartbeatEndsTheRunAsUnreachable() {
        f.orchestrator.onHeartbeat((hb, n, normal) -> {
            throw notSent(Endpoint.HEARTBEAT);
        });

        RunSummary summary = f.run();

        assertThat(summary.endReason()).isEqualTo(EndReason.ORCHESTRATOR_UNREACHABLE);
        assertThat(summary.exitCode()).isEqualTo(4);
        assertThat(f.logoffs).hasValue(0);
    }

    @Test
    void aFailedConsumeIsNeverRepeatedBlindlyTheRobotAsksAgainWithAHeartbeat() {
        f.orchestrator.addJob("job-1", "s");
        f.orchestrator.onConsume((n, normal) -> {
            if (n == 1) {
                throw new OrchestratorException.NoReply(Endpoint.CONSUME_NEXT_JOB, "connection reset", null);
            }
            return normal;
        });

        RunSummary summary = f.run();

        assertThat(f.orchestrator.codes()).startsWith("HB2", "CONSUME", "HB2", "CONSUME", "UPDATE8");
        assertThat(f.orchestrator.calls().get(2).at()).isEqualTo(t(10));
        assertThat(summary.jobs()).extracting(JobSummary::status).containsExactly(JobStatus.SUCCESS);
        assertThat(summary.endReason()).isEqualTo(EndReason.NO_JOB_LEFT);
    }

    @Test
    void threeFailedConsumesInARowEndTheRunAsUnreachable() {
        f.orchestrator.addJob("job-1", "s");
        f.orchestrator.onConsume((n, normal) -> {
            throw new OrchestratorException.HttpError(Endpoint.CONSUME_NEXT_JOB, 502, "bad gateway", null);
        });

        RunSummary summary = f.run();

        assertThat(f.orchestrator.codes()).containsExactly("HB2", "CONSUME", "HB2", "CONSUME", "HB2", "CONSUME");
        assertThat(summary.endReason()).isEqualTo(EndReason.ORCHESTRATOR_UNREACHABLE);
        assertThat(f.logoffs).hasValue(0);
    }

    @Test
    void aFailedUpdateToInProgressStillRunsTheJob() {
        f.orchestrator.addJob("job-1", "s");
        f.orchestrator.onUpdate((guid, status, n) -> {
            if (status == JobStatus.IN_PROGRESS) {
                throw new OrchestratorException.HttpError(Endpoint.UPDATE_JOB, 503, "busy", null);
            }
        });

        RunSummary summary = f.run();

        assertThat(f.runner.started()).hasSize(1);
        assertThat(summary.jobs()).containsExactly(new JobSummary("job-1", "s", JobStatus.SUCCESS, true, false));
    }

    @Test
    void anUndeliveredStatusIsRetriedWithBackoffBeforeAnyNewJob() {
        f.orchestrator.addJob("job-1", "s").addJob("job-2", "s");
        f.orchestrator.onUpdate((guid, status, n) -> {
            if (guid.equals("job-1") && status.isFinal() && n <= 5) {
                throw notSent(Endpoint.UPDATE_JOB);
            }
        });

        RunSummary summary = f.run();

        List<Call> calls = f.orchestrator.calls();
        // Job 1 ends at 25 s; attempts at 25, 26, 28, 32 s (1 s, 2 s, 4 s apart) fail; 40 s succeeds.
        assertThat(calls.subList(5, 10)).extracting(Call::code).containsOnly("UPDATE4");
        assertThat(calls.subList(5, 10)).extracting(Call::at).containsExactly(t(25), t(26), t(28), t(32), t(40));
        assertThat(calls.get(10).code()).isEqualTo("HB2");
        assertThat(summary.jobs()).extracting(JobSummary::delivered).containsExactly(true, true);
        assertThat(f.events(RobotEvent.StatusDelivered.class).get(0).attempts()).isEqualTo(5);
    }

    @Test
    void anOrchestratorThatStaysUnreachableEndsTheRunUndeliveredWithTheStatusOnDisk() {
        f.retry = new RetryBackoff(secs(1), 2.0, secs(30), Duration.ofMinutes(2));
        f.orchestrator.addJob("job-1", "s").addJob("job-2", "s");
        f.orchestrator.onUpdate((guid, status, n) -> {
            if (status.isFinal()) {
                throw notSent(Endpoint.UPDATE_JOB);
            }
        });

        RunSummary summary = f.run();

        assertThat(summary.endReason()).isEqualTo(EndReason.STATUS_UNDELIVERED);
        assertThat(summary.exitCode()).isEqualTo(5);
        assertThat(summary.jobs()).containsExactly(new JobSummary("job-1", "s", JobStatus.SUCCESS, false, false));
        assertThat(f.orchestrator.codes()).doesNotContainSequence("UPDATE4", "HB2");
        Call last = f.orchestrator.calls().get(f.orchestrator.calls().size() - 1);
        assertThat(Duration.between(t(25), last.at())).isLessThanOrEqualTo(Duration.ofMinutes(2));
        assertThat(f.logoffs).hasValue(0);
        assertThat(new dev.belay.core.internal.ResultOutbox(stateDir.resolve("outbox")).entries())
                .extracting(e -> e.jobGuid() + "=" + e.status()).containsExactly("job-1=SUCCESS");
    }

    @Test
    void aStatusRefusedForGoodIsSetAsideAndTheRunGoesOn() {
        f.orchestrator.addJob("job-1", "s").addJob("job-2", "s");
        f.orchestrator.onUpdate((guid, status, n) -> {
            if (guid.equals("job-1") && status.isFinal()) {
                throw new OrchestratorException.HttpError(Endpoint.UPDATE_JOB, 404, "no such job", null);
            }
        });

        RunSummary summary = f.run();

        assertThat(summary.jobs()).extracting(JobSummary::delivered).containsExactly(false, true);
        assertThat(summary.endReason()).isEqualTo(EndReason.NO_JOB_LEFT);
        assertThat(stateDir.resolve("outbox/rejected/job-1.state")).exists();
    }

    @Test
    void shutdownDuringAJobStopsItGracefullyReportsItAndEndsInterrupted() {
        f.orchestrator.addJob("job-1", "long").addJob("job-2", "never");
        f.runner.behave("long", Behaviour.stopsAfter(secs(3)));
        Robot robot = f.robot();
        f.ticker.schedule(t(15), robot::requestShutdown);

        RunSummary summary = robot.run();

        assertThat(f.runner.started().get(0).stopRequestedAt()).isEqualTo(t(15));
        assertThat(f.orchestrator.codes()).containsExactly("HB2", "CONSUME", "UPDATE8", "HB3", "UPDATE7");
        assertThat(f.orchestrator.calls().get(4).at()).isEqualTo(t(18));
        assertThat(summary.endReason()).isEqualTo(EndReason.INTERRUPTED);
        assertThat(summary.exitCode()).isEqualTo(130);
        assertThat(summary.jobs()).containsExactly(new JobSummary("job-1", "long", JobStatus.STOPPED, true, false));
        assertThat(f.events(RobotEvent.StopRequested.class).get(0).cause()).isEqualTo(RobotEvent.Cause.SHUTDOWN);
        assertThat(f.logoffs).hasValue(0);
    }

    @Test
    void shutdownWhileIdleEndsBeforeTheNextHeartbeat() {
        f.orchestrator.addJob("job-1", "s");
        f.orchestrator.onConsume((n, normal) -> new ConsumeReply(102, "", null));
        Robot robot = f.robot();
        f.ticker.schedule(t(5), robot::requestShutdown);

        RunSummary summary = robot.run();

        assertThat(f.orchestrator.codes()).containsExactly("HB2", "CONSUME");
        assertThat(summary.endReason()).isEqualTo(EndReason.INTERRUPTED);
    }

    @Test
    void aJobConsumedJustBeforeAShutdownIsReportedStoppedWithoutRunning() {
        f.orchestrator.addJob("job-1", "s");
        Robot[] robot = new Robot[1];
        f.orchestrator.onConsume((n, normal) -> {
            robot[0].requestShutdown(); // arrives while the consume is in flight
            return normal;
        });
        robot[0] = f.robot();

        RunSummary summary = robot[0].run();

        assertThat(f.runner.started()).isEmpty();
        assertThat(f.orchestrator.codes()).containsExactly("HB2", "CONSUME", "UPDATE7");
        assertThat(summary.jobs()).containsExactly(new JobSummary("job-1", "s", JobStatus.STOPPED, true, false));
        assertThat(summary.endReason()).isEqualTo(EndReason.INTERRUPTED);
    }

    @Test
    void shutdownBeforeTheFirstHeartbeatSendsNothing() {
        Robot robot = f.robot();
        robot.requestShutdown();

        RunSummary summary = robot.run();

        assertThat(f.orchestrator.calls()).isEmpty();
        assertThat(summary.endReason()).isEqualTo(EndReason.INTERRUPTED);
    }

    @Test
    void everyTransitionIsPublishedInOrder() {
        f.orchestrator.addJob("job-1", "s");

        f.run();

        assertThat(f.states()).containsExactly("RECOVERING", "READY", "CONSUMING", "STARTING", "WORKING",
                "REPORTING", "READY", "ENDED");
        assertThat(f.events).extracting(e -> e.getClass().getSimpleName()).containsSubsequence(
                "HeartbeatSent", "ScriptStarted", "HeartbeatSent", "ScriptEnded", "StatusDelivered", "HeartbeatSent");
    }

    /**
     * The loop's lines about a job carry its GUID (the MDC's {@code job}), a chatty script's too: the note
     * of the lines the agent's log left out is written on the loop's thread at the script's end, and must
     * not take the GUID away from the lines that follow it ("script ended", the final status).
     */
    @Test
    void theJobStaysInTheLogsContextAfterAChattyScriptsNote() {
        for (int lines : new int[] {10, 2_000}) {
            Fixture chatty = new Fixture(stateDir.resolve("chatty-" + lines));
            chatty.orchestrator.addJob("job-" + lines, "s");
            List<String> seen = new java.util.ArrayList<>();
            chatty.builder().runner(new dev.belay.runner.ScriptRunner() {
                @Override
                public String id() {
                    return "chatty";
                }

                @Override
                public dev.belay.runner.RunningScript start(dev.belay.runner.ScriptLaunch launch, dev.belay.runner.OutputListener listener) {
                    for (int i = 0; i < lines; i++) { // past the 500 lines the agent's log repeats when 2,000
                        listener.onLine(dev.belay.runner.OutputListener.Stream.STDOUT, Instant.EPOCH, "line " + i);
                    }
                    return chatty.runner.start(launch, listener);
                }
            }).listener(e -> {
                if (e instanceof RobotEvent.ScriptEnded || e instanceof RobotEvent.StatusDelivered) {
                    seen.add(e.getClass().getSimpleName() + " " + org.slf4j.MDC.get("job"));
                }
            }).build().run();

            assertThat(seen).as("%d lines", lines).containsExactly("ScriptEnded job-" + lines, "StatusDelivered job-" + lines);
        }
    }

    @Test
    void aThrowingListenerNeverBreaksTheLoop() {
        f.orchestrator.addJob("job-1", "s");
        RunSummary summary = f.builder().listener(e -> {
            throw new IllegalStateException("listener bug");
        }).build().run();

        assertThat(summary.jobs()).extracting(JobSummary::status).containsExactly(JobStatus.SUCCESS);
    }

    @Test
    void aFailingLogoffIsNotFatal() {
        RunSummary summary = f.builder().sessionControl(() -> {
            throw new IllegalStateException("no session");
        }).build().run();

        assertThat(summary.endReason()).isEqualTo(EndReason.NO_JOB_LEFT);
        assertThat(summary.loggedOff()).isFalse();
    }
}
