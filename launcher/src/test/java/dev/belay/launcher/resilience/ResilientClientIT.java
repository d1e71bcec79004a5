package dev.belay.launcher.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.belay.client.Endpoint;
import dev.belay.client.Heartbeat;
import dev.belay.client.JobStatus;
import dev.belay.client.OrchestratorClient;
import dev.belay.client.OrchestratorException;
import dev.belay.client.RobotStatus;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The decorator over real HTTP against WireMock, counting attempts in WireMock's request journal:
 * what the orchestrator actually received. Real clock and real sleeps, so the intervals are short;
 * time is only ever asserted as a lower bound.
 */
class ResilientClientIT {

    private static final Duration INTERVAL = Duration.ofMillis(300);
    private static final Heartbeat READY = Heartbeat.ready("PC1", "10.0.0.2", "AA-BB-CC-DD-EE-FF");
    private static final String HEARTBEAT_OK = "{\"HeartbeatErrorCode\":0,\"ErrorText\":\"\",\"HasNewJob\":0}";

    private static WireMockServer orchestrator;

    private final ResilienceMetrics metrics = new ResilienceMetrics();
    private OrchestratorClient client;

    @BeforeAll
    static void startOrchestrator() {
        orchestrator = new WireMockServer(options().dynamicPort());
        orchestrator.start();
    }

    @AfterAll
    static void stopOrchestrator() {
        orchestrator.stop();
    }

    @BeforeEach
    void resetOrchestrator() {
        orchestrator.resetAll();
        // Short backoff so the IT stays fast; the table itself is the default one.
        ResilienceConfig config = ResilienceConfig.defaults(INTERVAL)
                .withBackoff(new Backoff(Duration.ofMillis(20), 2.0, Duration.ofMillis(100), Jitter.EQUAL, Duration.ofSeconds(2)));
        client = ResilientOrchestratorClient.decorate(new HttpOrchestratorClient(URI.create(orchestrator.baseUrl())), config,
                metrics);
    }

    @Test
    void jobUpdateIsRepeatedUntilTheServerRecovers() {
        sequence("update", Endpoint.UPDATE_JOB,
                aResponse().withStatus(503), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                aResponse().withStatus(200).withBody("[]"));

        client.updateJob("job-1", JobStatus.SUCCESS);

        assertThat(journal(Endpoint.UPDATE_JOB)).hasSize(3);
    }

    @Test
    void consumeIsNeverSentTwiceAfterTheReplyWasLost() {
        orchestrator.stubFor(post(urlEqualTo(Endpoint.CONSUME_NEXT_JOB.path()))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> client.consumeNextJob(RobotStatus.READY))
                .isInstanceOf(OrchestratorException.NoReply.class);

        assertThat(journal(Endpoint.CONSUME_NEXT_JOB)).hasSize(1);
    }

    @Test
    void consumeIsNotRepeatedAfterA503() {
        orchestrator.stubFor(post(urlEqualTo(Endpoint.CONSUME_NEXT_JOB.path())).willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> client.consumeNextJob(RobotStatus.READY)).isInstanceOf(OrchestratorException.HttpError.class);

        assertThat(journal(Endpoint.CONSUME_NEXT_JOB)).hasSize(1);
    }

    @Test
    void consumeIsRepeatedWhenNothingWasListening() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        OrchestratorClient nowhere = ResilientOrchestratorClient.decorate(
                new HttpOrchestratorClient(URI.create("http://127.0.0.1:" + closedPort)), ResilienceConfig.defaults(INTERVAL)
                        .withBackoff(new Backoff(Duration.ofMillis(10), 2.0, Duration.ofMillis(40), Jitter.EQUAL, Duration.ZERO)),
                metrics);

        assertThatThrownBy(() -> nowhere.consumeNextJob(RobotStatus.READY)).isInstanceOf(OrchestratorException.NotSent.class);

        assertThat(metrics.of(Endpoint.CONSUME_NEXT_JOB).attempts()).isEqualTo(3);
    }

    @Test
    void heartbeatRetryHonoursRetryAfter() {
        // Retry-After is in whole seconds, longer than 3 intervals of 300 ms: widen the budget.
        ResilienceConfig config = ResilienceConfig.defaults(INTERVAL);
        client = ResilientOrchestratorClient.decorate(new HttpOrchestratorClient(URI.create(orchestrator.baseUrl())),
                config.withPolicy(Endpoint.HEARTBEAT, config.heartbeat().withBudget(Duration.ofSeconds(30))), metrics);
        sequence("hb", Endpoint.HEARTBEAT,
                aResponse().withStatus(429).withHeader("Retry-After", "1"),
                okJson(HEARTBEAT_OK));

        assertThat(client.heartbeat(READY).errorCodeValue()).isZero();

        List<LoggedRequest> received = journal(Endpoint.HEARTBEAT);
        assertThat(received).hasSize(2);
        // Causal, so robust to jitter: the 429 was logged before it was answered, and the retry was
        // sent at least Retry-After after the answer arrived.
        assertThat(received.get(1).getLoggedDate().getTime() - received.get(0).getLoggedDate().getTime())
                .as("ms between the 429 and the retry").isGreaterThanOrEqualTo(1_000);
    }

    /**
     * Spacing itself is proven on a fake clock ({@link HeartbeatPacingTest}). Here only what is
     * robust over real HTTP on a loaded machine: every call arrives once, each took its permit.
     * Arrival times are not compared with the interval: the agent spaces the <em>starts</em> of its
     * requests, and arrival (as WireMock logs it) can lag a start by scheduling jitter — 274 ms
     * arrivals were seen for a 300 ms gap on the shared build machine.
     */
    @Test
    void heartbeatsSentBackToBackAreEachDeliveredOnceWithTheirOwnPermit() {
        orchestrator.stubFor(post(urlEqualTo(Endpoint.HEARTBEAT.path())).willReturn(okJson(HEARTBEAT_OK)));

        for (int i = 0; i < 4; i++) {
            client.heartbeat(READY);
        }

        assertThat(journal(Endpoint.HEARTBEAT)).hasSize(4);
        assertThat(metrics.of(Endpoint.HEARTBEAT).permits()).isEqualTo(4);
        assertThat(metrics.of(Endpoint.HEARTBEAT).attempts()).isEqualTo(4);
    }

    /** Stubs {@code endpoint} to answer with {@code responses} in order, the last one for ever. */
    private static void sequence(String scenario, Endpoint endpoint, ResponseDefinitionBuilder... responses) {
        for (int i = 0; i < responses.length; i++) {
            String state = i == 0 ? STARTED : "step " + i;
            var mapping = (endpoint == Endpoint.UPDATE_JOB ? put(urlEqualTo(endpoint.path())) : post(urlEqualTo(endpoint.path())))
                    .inScenario(scenario).whenScenarioStateIs(state).willReturn(responses[i]);
            if (i + 1 < responses.length) {
                mapping = mapping.willSetStateTo("step " + (i + 1));
            }
            orchestrator.stubFor(mapping);
        }
    }

    private static List<LoggedRequest> journal(Endpoint endpoint) {
        return orchestrator.findAll(endpoint == Endpoint.UPDATE_JOB
                        ? com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(urlEqualTo(endpoint.path()))
                        : com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo(endpoint.path())))
                .stream().sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
    }
}
