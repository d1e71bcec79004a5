package dev.belay.launcher;

import dev.belay.client.OrchestratorClient;
import dev.belay.client.OrchestratorClientBuilder;
import dev.belay.launcher.config.LauncherConfig;

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

    /** The client with the launcher's retry table and heartbeat rate limit around it. */
    static OrchestratorClient resilient(LauncherConfig config) {
        // TODO(resilience): wrap with the Resilience4j decorator once it lands.
        return builder(config).build();
    }
}
