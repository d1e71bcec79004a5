package dev.belay.launcher;

import dev.belay.client.Endpoint;
import dev.belay.client.OrchestratorClient;
import dev.belay.client.OrchestratorClientBuilder;
import dev.belay.launcher.config.LauncherConfig;
import java.time.Duration;
import dev.belay.launcher.resilience.EndpointPolicy;
import dev.belay.launcher.resilience.ResilienceConfig;
import dev.belay.launcher.resilience.ResilienceMetrics;
import dev.belay.launcher.resilience.ResilientOrchestratorClient;

/** Builds the orchestrator client from the configuration. */
final class Clients {

    private Clients() {
    }

    static OrchestratorClientBuilder builder(LauncherConfig config) {
        OrchestratorClientBuilder b = OrchestratorClient.builder()
                .baseUrl(config.orchestrator())
                .robotGuid(config.robotGuid())
                .authScheme(config.authScheme())
                .jobUpdateStyle(config.jobUpdateStyle())
                .insecure(config.insecure())
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout());
        if (config.truststore() != null) {
            b.trustStore(config.truststore(), config.truststorePassword() == null ? null : config.truststorePassword().toCharArray());
        }
        return b;
    }

    /**
     * The client with the launcher's retry table and heartbeat pacing around it (launcher/RESILIENCE.md).
     * The configured retry budget caps how long one job update is retried; the robot's outbox retries
     * beyond that, within the same budget.
     */
    static OrchestratorClient resilient(LauncherConfig config, ResilienceMetrics metrics) {
        ResilienceConfig defaults = ResilienceConfig.defaults(config.heartbeatInterval());
        // Three intervals is the table's heartbeat budget; with sub-second test intervals the backoff alone
        // would exceed it, so give a failing heartbeat at least 5 s (an outage still ends the run quickly).
        EndpointPolicy heartbeat = defaults.policy(Endpoint.HEARTBEAT);
        Duration floor = Duration.ofSeconds(5);
        if (heartbeat.budget().compareTo(floor) < 0) {
            defaults = defaults.withPolicy(Endpoint.HEARTBEAT, heartbeat.withBudget(floor));
        }
        EndpointPolicy update = defaults.policy(Endpoint.UPDATE_JOB);
        if (config.retryBudget().compareTo(update.budget()) < 0) {
            defaults = defaults.withPolicy(Endpoint.UPDATE_JOB, update.withBudget(config.retryBudget()));
        }
        return ResilientOrchestratorClient.decorate(builder(config).build(), defaults, metrics);
    }
}
