package dev.belay.launcher.internal;

import dev.belay.core.RobotEvent;
import dev.belay.core.RobotListener;
import dev.belay.core.RobotState;
import dev.belay.launcher.config.Durations;
import dev.belay.runner.ScriptResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One log line per robot event: what a person watching the console needs, at INFO; heartbeats at
 * DEBUG (one every ten seconds is noise). Sets the job GUID in the MDC while a job is in hand.
 */
public final class LoggingListener implements RobotListener {

    private static final Logger log = LoggerFactory.getLogger("dev.belay.robot");

    @Override
    public void onEvent(RobotEvent event) {
        if (event instanceof RobotEvent.StateChanged e) {
            onStateChanged(e);
        } else if (event instanceof RobotEvent.HeartbeatSent e) {
            log.debug("heartbeat {} answered: code {}, HasNewJob {}{}", e.heartbeat().status(),
                    e.reply().errorCodeValue(), e.reply().hasNewJobValue(),
                    e.reply().errorText().isEmpty() ? "" : ", \"" + e.reply().errorText() + "\"");
        } else if (event instanceof RobotEvent.HeartbeatFailed e) {
            log.warn("heartbeat failed: {}", e.error().getMessage());
        } else if (event instanceof RobotEvent.ScriptStarted e) {
            if (e.process() != null) {
                log.info("script '{}' started, pid {}", e.scriptName(), e.process().pid());
            }
        } else if (event instanceof RobotEvent.StopRequested e) {
            log.info("asking the script to stop ({}), grace {}", cause(e.cause()), Durations.format(e.grace()));
        } else if (event instanceof RobotEvent.AbortRequested e) {
            log.info("aborting the script ({})", cause(e.cause()));
        } else if (event instanceof RobotEvent.ScriptEnded e) {
            log.info("script ended: {} -> job {}", describe(e.result()), e.status());
        } else if (event instanceof RobotEvent.StatusDelivered e) {
            log.info("final status {} of job {} delivered{}", e.status(), e.jobGuid(),
                    e.attempts() > 1 ? " after " + e.attempts() + " attempts" : "");
        } else if (event instanceof RobotEvent.StatusDeliveryFailed e) {
            log.warn("final status {} of job {} not delivered yet: {}{}", e.status(), e.jobGuid(), e.error().getMessage(),
                    e.nextAttemptAt() == null ? "; kept in the outbox" : "; retrying");
        } else if (event instanceof RobotEvent.StateDirInUse e) {
            log.error("cannot start: another agent is using the state folder {} (its lock file {} is held{}); "
                    + "stop that agent first, or give this one its own --state-dir", e.stateDir(), e.lockFile(),
                    e.holderPid() == null ? "" : " by process " + e.holderPid());
        } else if (event instanceof RobotEvent.JobReclaimed e) {
            log.warn("job {} ('{}') was left running by an earlier agent: {} process(es) killed, reported Failed",
                    e.jobGuid(), e.scriptName(), e.processesKilled());
        }
    }

    private static void onStateChanged(RobotEvent.StateChanged e) {
        RobotState to = e.to();
        if (to instanceof RobotState.Starting s) {
            MDC.put("job", s.job().jobGuid());
            log.info("job {} taken: script '{}'", s.job().jobGuid(), s.job().scriptName());
        } else if (to instanceof RobotState.Ready && !(e.from() instanceof RobotState.Recovering)) {
            MDC.remove("job");
        } else if (to instanceof RobotState.Ended end) {
            MDC.remove("job");
            log.info("run ended: {}", end.reason());
        }
        // Every change of state is already at DEBUG in robot-core's own log ("READY -> STARTING"): not twice.
    }

    private static String cause(RobotEvent.Cause cause) {
        switch (cause) {
            case ORCHESTRATOR:
                return "the orchestrator asked";
            case ROBOT_NOT_REGISTERED:
                return "the robot is not registered";
            default:
                return "the agent is shutting down";
        }
    }

    static String describe(ScriptResult r) {
        if (r instanceof ScriptResult.Exited x) {
            return "exit code " + x.exitCode() + leftovers(r);
        } else if (r instanceof ScriptResult.Stopped x) {
            return "stopped on request, exit code " + x.exitCode() + leftovers(r);
        } else if (r instanceof ScriptResult.Aborted) {
            return "aborted" + leftovers(r);
        } else if (r instanceof ScriptResult.AbortedAfterGrace) {
            return "killed after the stop grace ran out" + leftovers(r);
        } else if (r instanceof ScriptResult.FailedToStart x) {
            return "not started: " + x.reason();
        }
        return String.valueOf(r);
    }

    private static String leftovers(ScriptResult r) {
        return r.leftoverProcessesKilled() == 0 ? "" : " (" + r.leftoverProcessesKilled() + " leftover process(es) killed)";
    }
}
