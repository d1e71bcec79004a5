package dev.belay.core;

import dev.belay.client.OrchestratorClient;
import dev.belay.core.internal.RobotLoop;
import dev.belay.core.internal.RobotSettings;
import dev.belay.runner.OutputListener;
import dev.belay.runner.ScriptRunner;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The robot agent's loop: heartbeat, take a job, run its script, report its final status, until no
 * job is left (see {@code PROTOCOL.md} and this module's README for the state machine).
 *
 * <pre>{@code
 * Robot robot = Robot.builder()
 *         .client(client).runner(runner)
 *         .identity(new RobotIdentity("ROBOT-01", "10.0.0.7", "AA-BB-CC-DD-EE-FF"))
 *         .scriptsDir(Path.of("C:/robots/scripts")).stateDir(Path.of("C:/Users/robot/AppData/Local/Belay"))
 *         .robotGuid(guid).orchestratorUrl("https://orch.example")
 *         .build();
 * Runtime.getRuntime().addShutdownHook(new Thread(robot::requestShutdown));
 * System.exit(robot.run().exitCode());
 * }</pre>
 *
 * <p>The durable outbox and the job journal live under {@link Builder#stateDir(Path)} and are created
 * by the robot itself rather than injected: their file format and their write order (journal before
 * start, outbox before send, journal removed only once the outbox holds the status) are what the
 * no-status-lost guarantee rests on, so they are one implementation detail of this class, not a
 * contract between modules.
 *
 * <p>One state directory, one running robot: {@link #run()} first takes an exclusive OS file lock on
 * {@code <stateDir>/agent.lock} and holds it to its end (the OS drops it if the process dies, so a crash
 * leaves nothing stale). A run that finds the lock held - by another agent process, or another
 * {@code Robot} of this JVM - touches nothing and returns at once with
 * {@link EndReason#STATE_DIR_IN_USE}, after publishing {@link RobotEvent.StateDirInUse}.
 *
 * <p>{@link #run()} is meant to be called once, on a thread of the caller's choosing; every other
 * method is thread-safe.
 */
public final class Robot {

    private final RobotSettings settings;
    private final RobotLoop loop;
    private final AtomicBoolean ran = new AtomicBoolean();

    private Robot(RobotSettings settings) {
        this.settings = settings;
        this.loop = new RobotLoop(settings);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the loop until it ends, on the calling thread. Never throws for anything the orchestrator,
     * the script or the state files do; an interrupt of the calling thread counts as
     * {@link #requestShutdown()}. Returns at once with {@link EndReason#STATE_DIR_IN_USE} (or
     * {@link EndReason#STATE_DIR_NOT_LOCKABLE}) without touching the state directory if its lock cannot be
     * had.
     *
     * @throws IllegalStateException if called a second time
     */
    public RunSummary run() {
        if (!ran.compareAndSet(false, true)) {
            throw new IllegalStateException("a Robot runs once");
        }
        return loop.run();
    }

    /**
     * Asks the run to end soon with {@link EndReason#INTERRUPTED}: a running script is asked to stop
     * gracefully (killed when the stop grace runs out), its final status is reported, the outbox gets
     * one more delivery attempt, and no new job is taken. Thread-safe, idempotent, returns at once;
     * for Ctrl+C, SIGTERM and a session logoff.
     */
    public void requestShutdown() {
        loop.requestShutdown();
    }

    /** The configured heartbeat interval. */
    public Duration heartbeatInterval() {
        return settings.heartbeatInterval();
    }

    /** Configures a {@link Robot}. Not thread-safe. */
    public static final class Builder {

        private OrchestratorClient client;
        private ScriptRunner runner;
        private RobotIdentity identity;
        private Path scriptsDir;
        private Path stateDir;
        private String robotGuid = "";
        private String orchestratorUrl = "";
        private Path settingsFile;
        private Duration heartbeatInterval = Duration.ofSeconds(10);
        private Duration stopGrace = Duration.ofSeconds(30);
        private RetryBackoff outboxRetry = RetryBackoff.DEFAULT;
        private Ticker ticker;
        private SessionControl sessionControl = SessionControl.NONE;
        private RobotListener listener = RobotListener.NONE;
        private OutputListener outputListener;

        private Builder() {
        }

        /** The orchestrator, with whatever retry/rate-limit decoration the caller wants. Required. */
        public Builder client(OrchestratorClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Runs the scripts. Required. */
        public Builder runner(ScriptRunner runner) {
            this.runner = Objects.requireNonNull(runner, "runner");
            return this;
        }

        /** Machine name, IP and MAC sent on every heartbeat. Required. */
        public Builder identity(RobotIdentity identity) {
            this.identity = Objects.requireNonNull(identity, "identity");
            return this;
        }

        /** Where scripts are resolved; their working directory. Required. */
        public Builder scriptsDir(Path scriptsDir) {
            this.scriptsDir = Objects.requireNonNull(scriptsDir, "scriptsDir");
            return this;
        }

        /** Where the outbox, the journal and the per-job folders live; created if missing. Required. */
        public Builder stateDir(Path stateDir) {
            this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
            return this;
        }

        /** Given to scripts ({@code ROBOT_GUID} and the vendor argument); never logged. Default empty. */
        public Builder robotGuid(String robotGuid) {
            this.robotGuid = Objects.requireNonNull(robotGuid, "robotGuid");
            return this;
        }

        /** Given to scripts ({@code ROBOT_ORCHESTRATOR_URL}). Default empty. */
        public Builder orchestratorUrl(String orchestratorUrl) {
            this.orchestratorUrl = Objects.requireNonNull(orchestratorUrl, "orchestratorUrl");
            return this;
        }

        /** The vendor's {@code settings.txt}, for the vendor-style script argument; null if none (default). */
        public Builder settingsFile(Path settingsFile) {
            this.settingsFile = settingsFile;
            return this;
        }

        /** Minimum gap between two heartbeats of any kind; default 10 s. */
        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = positive(heartbeatInterval, "heartbeatInterval");
            return this;
        }

        /** How long a script may take to end after a graceful stop request before it is killed; default 30 s. */
        public Builder stopGrace(Duration stopGrace) {
            Objects.requireNonNull(stopGrace, "stopGrace");
            if (stopGrace.isNegative()) {
                throw new IllegalArgumentException("stopGrace must not be negative");
            }
            this.stopGrace = stopGrace;
            return this;
        }

        /** Retry of undelivered final statuses; default {@link RetryBackoff#DEFAULT}. */
        public Builder outboxRetry(RetryBackoff outboxRetry) {
            this.outboxRetry = Objects.requireNonNull(outboxRetry, "outboxRetry");
            return this;
        }

        /** Time and waiting; default {@link Ticker#system()}. Tests pass a fake. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** Logoff at the normal end; default {@link SessionControl#NONE}. */
        public Builder sessionControl(SessionControl sessionControl) {
            this.sessionControl = Objects.requireNonNull(sessionControl, "sessionControl");
            return this;
        }

        /** Receives every event; default {@link RobotListener#NONE}. */
        public Builder listener(RobotListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Receives the scripts' output lines. Default: the SLF4J logger {@code dev.belay.script}, INFO for
         * stdout and WARN for stderr, with the job GUID in the MDC.
         */
        public Builder outputListener(OutputListener outputListener) {
            this.outputListener = Objects.requireNonNull(outputListener, "outputListener");
            return this;
        }

        /**
         * Creates the state directory's folders (outbox, journal) if missing; changes nothing else there (a
         * running agent may own it: only {@link Robot#run()} takes the lock).
         *
         * @throws IllegalStateException    naming the first missing required setting
         * @throws IllegalArgumentException if the state directory cannot be created or written
         */
        public Robot build() {
            require(client, "client");
            require(runner, "runner");
            require(identity, "identity");
            require(scriptsDir, "scriptsDir");
            require(stateDir, "stateDir");
            RobotSettings settings = new RobotSettings(client, runner, identity, scriptsDir, stateDir, robotGuid,
                    orchestratorUrl, settingsFile, heartbeatInterval, stopGrace, outboxRetry,
                    ticker == null ? Ticker.system() : ticker, sessionControl, listener, outputListener);
            try {
                return new Robot(settings);
            } catch (UncheckedIOException e) {
                // A configuration problem for the caller (the launcher's exit code 2), not a crash.
                throw new IllegalArgumentException("state directory " + stateDir + " is not usable: "
                        + e.getCause().getMessage(), e);
            }
        }

        private static void require(Object value, String name) {
            if (value == null) {
                throw new IllegalStateException(name + " is required");
            }
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
