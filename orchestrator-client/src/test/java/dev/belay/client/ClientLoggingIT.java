package dev.belay.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.belay.client.WireMockSupport.ROBOT_GUID;
import static dev.belay.client.WireMockSupport.base64Guid;
import static dev.belay.client.WireMockSupport.builderFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The robot GUID is a credential: neither it nor its base64 form (the Authorization token) may appear in
 * any log line at any level, in any exception message or stack trace text, or in any value's toString.
 * Failsafe runs this JVM with slf4j-simple at TRACE (see the module pom); slf4j-simple writes to
 * {@code System.err}, which this test captures around a run of successes and every kind of failure.
 */
class ClientLoggingIT {

    @RegisterExtension
    static final WireMockExtension server = WireMockSupport.server();

    @Test
    void noLogLineMessageOrToStringEverShowsTheRobotGuidOrItsToken() {
        assertThat(LoggerFactory.getLogger(ClientLoggingIT.class).isTraceEnabled())
                .as("the test JVM logs at TRACE (failsafe systemPropertyVariables)").isTrue();
        List<Object> shown = new ArrayList<>();
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (AuthScheme scheme : AuthScheme.values()) {
                OrchestratorClient client = builderFor(server).authScheme(scheme).build();
                OrchestratorClient impatient = builderFor(server).authScheme(scheme).readTimeout(Duration.ofMillis(300)).build();
                shown.add(client);
                runEverything(client, impatient, shown);
            }
            OrchestratorClient insecure = builderFor(server).insecure(true).build();
            shown.add(insecure);
            runEverything(insecure, insecure, shown);
            OrchestratorClient refused = OrchestratorClient.builder().baseUrl("http://127.0.0.1:1").robotGuid(ROBOT_GUID).build();
            record(() -> refused.heartbeat(heartbeat()), shown);
        } finally {
            System.setErr(originalErr);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        originalErr.print(log); // keep it in the test report

        assertThat(log).as("captured log output").contains("FeignOrchestratorClient")
                .contains("HEARTBEAT HTTP 200").contains("CONSUME_NEXT_JOB HTTP 200").contains("UPDATE_JOB HTTP 200")
                .contains("TRACE").contains("no reply").contains("not sent").contains("HTTP 500").contains("unreadable")
                .contains("WARN");
        StringBuilder everything = new StringBuilder(log);
        for (Object o : shown) {
            everything.append('\n').append(o);
            if (o instanceof Throwable) {
                StringWriter trace = new StringWriter();
                ((Throwable) o).printStackTrace(new PrintWriter(trace));
                everything.append('\n').append(trace);
            }
        }
        String all = everything.toString().toLowerCase(Locale.ROOT);
        assertThat(all).as("GUID").doesNotContain(ROBOT_GUID.toLowerCase(Locale.ROOT));
        assertThat(everything.toString()).as("base64 of the GUID").doesNotContain(base64Guid());
        assertThat(all).as("Authorization header").doesNotContain("authorization");
    }

    private static void runEverything(OrchestratorClient client, OrchestratorClient impatient, List<Object> shown) {
        server.resetAll();
        server.stubFor(post(urlPathEqualTo("/api/robot/heartbeat")).willReturn(aResponse().withStatus(200)
                .withBody("{\"HeartbeatErrorCode\":0,\"ErrorText\":\"robot " + ROBOT_GUID + " ok\",\"HasNewJob\":1}")));
        server.stubFor(post(urlPathEqualTo("/api/robot/consumeNextJob")).willReturn(aResponse().withStatus(200)
                .withBody("{\"ConsumeJobErrorCode\":0,\"Job\":\"{\\\"GUID\\\":\\\"job-1\\\"}\","
                        + "\"ProcessVersion\":{\"Name\":\"s\"},\"Task\":{\"GUID\":\"t\"}}")));
        server.stubFor(put(urlPathEqualTo("/api/job/update")).willReturn(aResponse().withStatus(200).withBody("[]")));
        record(() -> client.heartbeat(heartbeat()), shown);
        record(() -> client.consumeNextJob(RobotStatus.READY), shown);
        record(() -> { client.updateJob("job-1", JobStatus.IN_PROGRESS); return null; }, shown);

        for (Fault fault : Fault.values()) {
            server.resetAll();
            server.stubFor(any(anyUrl()).willReturn(aResponse().withFault(fault)));
            record(() -> client.consumeNextJob(RobotStatus.READY), shown);
        }
        server.resetAll();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(2_000)));
        record(() -> impatient.heartbeat(heartbeat()), shown);
        server.resetAll();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)
                .withBody("<html>robot " + ROBOT_GUID + " / " + base64Guid() + " unknown</html>")));
        record(() -> client.heartbeat(heartbeat()), shown);
        server.resetAll();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("<html>" + ROBOT_GUID + "</html>")));
        record(() -> client.consumeNextJob(RobotStatus.READY), shown);
    }

    private static Heartbeat heartbeat() {
        return Heartbeat.working("PC", "10.0.0.7", "AA-BB-CC-DD-EE-FF", "job-1", "s");
    }

    private interface Call {
        Object run();
    }

    private static void record(Call call, List<Object> shown) {
        try {
            Object result = call.run();
            if (result != null) {
                shown.add(result);
            }
        } catch (OrchestratorException e) {
            shown.add(e);
        }
    }
}
