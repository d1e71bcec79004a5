package dev.belay.launcher;

import dev.belay.client.OrchestratorClient;
import dev.belay.core.RetryBackoff;
import dev.belay.core.Robot;
import dev.belay.core.RobotEvent;
import dev.belay.core.RobotIdentity;
import dev.belay.core.RobotListener;
import dev.belay.core.SessionControl;
import dev.belay.launcher.config.LauncherConfig;
import dev.belay.launcher.config.Platform;
import dev.belay.launcher.internal.IdentityDetector;
import dev.belay.launcher.internal.LoggingListener;
import dev.belay.launcher.internal.WindowsLogoff;
import dev.belay.launcher.resilience.ResilienceMetrics;
import dev.belay.runner.OutputListener;
import dev.belay.runner.RunnerOptions;
import dev.belay.runner.ScriptRunner;
import dev.belay.runner.ScriptRunners;
import dev.belay.runner.python.CPythonRunner;
import java.time.Duration;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The launcher's wiring of a {@link Robot}, exactly as {@code belay run} does it: identity detection,
 * the resilient client, the CPython runner, logoff, logging of every event. Public so that the demo
 * and custom launchers run the same wiring rather than a copy of it.
 */
public final class Agent {

    private Agent() {
    }

    /**
     * @param extraListener receives every event after the launcher's logging listener; {@link RobotListener#NONE} for none
     */
    public static Robot wire(LauncherConfig config, Platform platform, RobotListener extraListener) {
        return wire(config, platform, extraListener, null);
    }

    /**
     * @param outputListener receives the scripts' output lines instead of the log; null for the log
     */
    public static Robot wire(LauncherConfig config, Platform platform, RobotListener extraListener, OutputListener outputListener) {
        return wire(config, platform, extraListener, outputListener, new ResilienceMetrics());
    }

    /** @param metrics counts the client's requests, retries and pacing; {@code belay run} logs them at its end */
    static Robot wire(LauncherConfig config, Platform platform, RobotListener extraListener, OutputListener outputListener,
            ResilienceMetrics metrics) {
        IdentityDetector.Identity id = new IdentityDetector(platform.windows(), platform.environment())
                .detect(config.orchestrator(), config.machine(), config.ip(), config.mac());
        OrchestratorClient client = Clients.resilient(config, metrics);
        // prestart=false: the CPython runner then never starts an interpreter ahead of a job.
        ScriptRunner runner = ScriptRunners.create(ScriptRunners.DEFAULT_ID, new RunnerOptions(config.python(),
                config.prestart() ? Map.of() : Map.of(CPythonRunner.STANDBY_IDLE, "0")));
        LoggingListener logging = new LoggingListener();
        RobotListener listener = extraListener == RobotListener.NONE ? logging : (RobotEvent event) -> {
            logging.onEvent(event);
            extraListener.onEvent(event);
        };
        Robot.Builder builder = Robot.builder();
        if (outputListener != null) {
            builder.outputListener(outputListener);
        }
        return builder
                .client(client)
                .runner(runner)
                .identity(new RobotIdentity(id.machine(), id.ip(), id.mac()))
                .scriptsDir(config.scriptsDir())
                .stateDir(config.stateDir())
                .robotGuid(config.robotGuid())
                .orchestratorUrl(config.orchestrator().toString())
                .settingsFile(config.vendorSettings())
                .heartbeatInterval(config.heartbeatInterval())
                .stopGrace(config.stopGrace())
                .outboxRetry(outboxRetry(config.retryBudget()))
                .sessionControl(sessionControl(config, platform))
                .listener(listener)
                .build();
    }

    /**
     * Redelivery of a final status: the retry budget bounds an outage before exit code 5. The first
     * retry comes after 1 s, or sooner when the whole budget is short (tests use a few seconds).
     */
    static RetryBackoff outboxRetry(Duration budget) {
        Duration quarter = budget.dividedBy(4);
        Duration first = quarter.compareTo(Duration.ofSeconds(1)) < 0 ? quarter : Duration.ofSeconds(1);
        return new RetryBackoff(first, 2.0, Duration.ofSeconds(30), budget);
    }

    private static SessionControl sessionControl(LauncherConfig config, Platform platform) {
        if (!config.logoff()) {
            return SessionControl.NONE;
        }
        if (platform.windows()) {
            return new WindowsLogoff();
        }
        return () -> LoggerFactory.getLogger("dev.belay.launcher").info("logoff is enabled, but only Windows sessions are logged off");
    }
}
