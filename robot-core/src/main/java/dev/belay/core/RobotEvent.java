package dev.belay.core;

import dev.belay.client.Heartbeat;
import dev.belay.client.HeartbeatReply;
import dev.belay.client.JobStatus;
import dev.belay.client.OrchestratorException;
import dev.belay.runner.ProcessStamp;
import dev.belay.runner.ScriptResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Something the robot did or saw, published to {@link RobotListener} on the loop's thread, in order.
 * A timeline is the list of these; a log line per event is one {@code onEvent} implementation.
 * None of them carries the robot GUID.
 */
public sealed interface RobotEvent {

    /** When it happened, by the robot's {@link Ticker}. */
    Instant at();

    /** The loop moved from one state to another. */
    record StateChanged(Instant at, RobotState from, RobotState to) implements RobotEvent {
        public StateChanged {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /** A heartbeat was answered. */
    record HeartbeatSent(Instant at, Heartbeat heartbeat, HeartbeatReply reply) implements RobotEvent {
        public HeartbeatSent {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(heartbeat, "heartbeat");
            Objects.requireNonNull(reply, "reply");
        }
    }

    /** A heartbeat failed (after the client's own retries). */
    record HeartbeatFailed(Instant at, Heartbeat heartbeat, OrchestratorException error) implements RobotEvent {
        public HeartbeatFailed {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(heartbeat, "heartbeat");
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * The script was handed to the runner.
     *
     * @param process its pid and start time, or null if the runner reports none (it failed to start)
     */
    record ScriptStarted(Instant at, String jobGuid, String scriptName, ProcessStamp process) implements RobotEvent {
        public ScriptStarted {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(jobGuid, "jobGuid");
            Objects.requireNonNull(scriptName, "scriptName");
        }
    }

    /** A graceful stop was asked of the running script. */
    record StopRequested(Instant at, String jobGuid, Duration grace, Cause cause) implements RobotEvent {
        public StopRequested {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(jobGuid, "jobGuid");
            Objects.requireNonNull(grace, "grace");
            Objects.requireNonNull(cause, "cause");
        }
    }

    /** The running script is being killed. */
    record AbortRequested(Instant at, String jobGuid, Cause cause) implements RobotEvent {
        public AbortRequested {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(jobGuid, "jobGuid");
            Objects.requireNonNull(cause, "cause");
        }
    }

    /** Why a stop or an abort was asked for. */
    enum Cause {
        /** Heartbeat code 10 (abort) or 20 (stop). */
        ORCHESTRATOR,
        /** Heartbeat code 101: the robot is not registered any more. */
        ROBOT_NOT_REGISTERED,
        /** {@link Robot#requestShutdown()} or an interrupt. */
        SHUTDOWN
    }

    /**
     * The script ended and its final status was decided (and written to the outbox).
     *
     * @param result how the script ended; null if it was not started (a shutdown came first, or the job
     *               was handed out again after this robot had already run it)
     */
    record ScriptEnded(Instant at, String jobGuid, ScriptResult result, JobStatus status) implements RobotEvent {
        public ScriptEnded {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(jobGuid, "jobGuid");
            Objects.requireNonNull(status, "status");
        }
    }

    /** A final status was acknowledged by the orchestrator (2xx) and removed from the outbox. */
    record StatusDelivered(Instant at, String jobGuid, JobStatus status, int attempts) implements RobotEvent {
        public StatusDelivered {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(jobGuid, "jobGuid");
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * An attempt to deliver a final status failed.
     *
     * @param nextAttemptAt when the next attempt is due, or null if the robot gave up for this run
     *                      (the status stays in the outbox) or the orchestrator rejected it for good
     */
    record StatusDeliveryFailed(Instant at, String jobGuid, JobStatus status, OrchestratorException error,
                                Instant nextAttemptAt) implements RobotEvent {
        public StatusDeliveryFailed {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(jobGuid, "jobGuid");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * A job left in the journal by a crashed run was reconciled: what was left of its processes was
     * killed (only if pid and start time matched) and it is reported {@link JobStatus#FAILED}.
     */
    record JobReclaimed(Instant at, String jobGuid, String scriptName, int processesKilled) implements RobotEvent {
        public JobReclaimed {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(jobGuid, "jobGuid");
            Objects.requireNonNull(scriptName, "scriptName");
        }
    }

    /**
     * The run did not start: another agent holds the state folder's lock (see {@link EndReason#STATE_DIR_IN_USE}).
     * Published instead of any state change; nothing in the folder was touched.
     *
     * @param stateDir  the folder in use
     * @param lockFile  the lock file that is held ({@code <stateDir>/agent.lock})
     * @param holderPid the holding process, as it wrote itself into the lock file (best effort: this process's
     *                  own pid when another robot of this JVM holds the folder); null if unknown
     */
    record StateDirInUse(Instant at, Path stateDir, Path lockFile, Long holderPid) implements RobotEvent {
        public StateDirInUse {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(stateDir, "stateDir");
            Objects.requireNonNull(lockFile, "lockFile");
        }
    }
}
