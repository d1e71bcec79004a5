package dev.belay.runner;

import java.time.Duration;
import java.util.Objects;

/** How a script ended. Every variant says how long it ran and how many leftover processes were killed. */
public sealed interface ScriptResult {

    /** From start (or the start attempt) to completion. */
    Duration duration();

    /** Processes the script left behind (or that were alive at an abort) and that the runner killed. */
    int leftoverProcessesKilled();

    /** The script ended on its own, no stop or abort requested. Killed by a foreign signal: 128 + signal. */
    record Exited(int exitCode, Duration duration, int leftoverProcessesKilled) implements ScriptResult {
        public Exited {
            Objects.requireNonNull(duration, "duration");
        }
    }

    /** The script ended on its own after {@link RunningScript#requestStop}, within the grace. */
    record Stopped(int exitCode, Duration duration, int leftoverProcessesKilled) implements ScriptResult {
        public Stopped {
            Objects.requireNonNull(duration, "duration");
        }
    }

    /** Killed by {@link RunningScript#abort()}. */
    record Aborted(Duration duration, int leftoverProcessesKilled) implements ScriptResult {
        public Aborted {
            Objects.requireNonNull(duration, "duration");
        }
    }

    /** Killed because it had not ended when the stop grace ran out. */
    record AbortedAfterGrace(Duration duration, int leftoverProcessesKilled) implements ScriptResult {
        public AbortedAfterGrace {
            Objects.requireNonNull(duration, "duration");
        }
    }

    /** Nothing was executed: a refused or missing script, a missing interpreter, an I/O error. */
    record FailedToStart(String reason, Duration duration) implements ScriptResult {
        public FailedToStart {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(duration, "duration");
        }

        @Override
        public int leftoverProcessesKilled() {
            return 0;
        }
    }
}
