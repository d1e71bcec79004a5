package dev.belay.core.internal;

import dev.belay.client.OrchestratorClient;
import dev.belay.core.RetryBackoff;
import dev.belay.core.RobotIdentity;
import dev.belay.core.RobotListener;
import dev.belay.core.SessionControl;
import dev.belay.core.Ticker;
import dev.belay.runner.OutputListener;
import dev.belay.runner.ScriptRunner;
import java.nio.file.Path;
import java.time.Duration;

/** Everything a {@link dev.belay.core.Robot} was built with. {@code outputListener} null means "log it". */
public record RobotSettings(OrchestratorClient client, ScriptRunner runner, RobotIdentity identity,
                            Path scriptsDir, Path stateDir, String robotGuid, String orchestratorUrl,
                            Path settingsFile, Duration heartbeatInterval, Duration stopGrace,
                            RetryBackoff outboxRetry, Ticker ticker, SessionControl sessionControl,
                            RobotListener listener, OutputListener outputListener) {

    @Override
    public String toString() {
        // The robot GUID is a credential.
        return "RobotSettings[identity=" + identity + ", scriptsDir=" + scriptsDir + ", stateDir=" + stateDir
                + ", orchestratorUrl=" + orchestratorUrl + ", heartbeatInterval=" + heartbeatInterval
                + ", stopGrace=" + stopGrace + ", outboxRetry=" + outboxRetry + "]";
    }
}
