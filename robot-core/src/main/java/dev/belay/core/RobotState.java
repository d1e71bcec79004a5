package dev.belay.core;

import dev.belay.client.JobAssignment;
import dev.belay.client.JobStatus;
import java.util.Objects;

/**
 * Where the robot's loop is. Every change is published as {@link RobotEvent.StateChanged}; the loop's
 * transition function ({@code dev.belay.core.internal.RobotLoop#step}) is the one place that moves
 * between these states. The diagram is in this module's README.
 */
public sealed interface RobotState {

    /** A short name for logs and timelines, e.g. {@code WORKING}. */
    String label();

    /** Before the first heartbeat: reconcile a crashed run's journal, deliver leftover statuses. */
    record Recovering() implements RobotState {
        public String label() {
            return "RECOVERING";
        }
    }

    /** About to send a Ready heartbeat (status 2), once the spacing allows. */
    record Ready() implements RobotState {
        public String label() {
            return "READY";
        }
    }

    /** The last Ready heartbeat said a job is waiting: calling consumeNextJob. */
    record Consuming() implements RobotState {
        public String label() {
            return "CONSUMING";
        }
    }

    /** A job was consumed: journal entry, update to In progress, start of the script. */
    record Starting(JobAssignment job) implements RobotState {
        public Starting {
            Objects.requireNonNull(job, "job");
        }

        public String label() {
            return "STARTING";
        }
    }

    /** The script runs; Working heartbeats (status 3) go out once per interval. */
    record Working(JobAssignment job, Mode mode) implements RobotState {
        public Working {
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(mode, "mode");
        }

        public String label() {
            return mode == Mode.RUNNING ? "WORKING" : "WORKING/" + mode;
        }
    }

    /** What has been asked of a running script. */
    enum Mode {
        /** Nothing asked. */
        RUNNING,
        /** A graceful stop was requested (code 20 or a shutdown); a kill follows when the grace runs out. */
        STOPPING,
        /** The script is being killed (code 10 or 101). */
        ABORTING
    }

    /** The job's final status is in the outbox and being delivered. */
    record Reporting(JobAssignment job, JobStatus status) implements RobotState {
        public Reporting {
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(status, "status");
        }

        public String label() {
            return "REPORTING";
        }
    }

    /** The run is over. */
    record Ended(EndReason reason) implements RobotState {
        public Ended {
            Objects.requireNonNull(reason, "reason");
        }

        public String label() {
            return "ENDED";
        }
    }
}
