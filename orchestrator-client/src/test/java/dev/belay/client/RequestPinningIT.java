package dev.belay.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static dev.belay.client.WireMockSupport.ROBOT_GUID;
import static dev.belay.client.WireMockSupport.base64Guid;
import static dev.belay.client.WireMockSupport.builderFor;
import static dev.belay.client.WireMockSupport.formFields;
import static dev.belay.client.WireMockSupport.onlyRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The exact request of every endpoint, as the orchestrator sees it on the wire (PROTOCOL.md, "Endpoints"). */
class RequestPinningIT {

    private static final String FORM = "application/x-www-form-urlencoded; charset=UTF-8";
    @RegisterExtension
    static final WireMockExtension server = WireMockSupport.server();

    @BeforeEach
    void stubEveryEndpoint() {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"HeartbeatErrorCode\":0,\"ErrorText\":\"\",\"HasNewJob\":0,\"ConsumeJobErrorCode\":102}")));
    }

    @Test
    void heartbeatPostsEveryFieldFormEncodedWithBasicAuth() {
        OrchestratorClient client = builderFor(server).build();

        client.heartbeat(new Heartbeat("ROBOT-PC-01", "10.0.0.7", "AA-BB-CC-DD-EE-FF", RobotStatus.WORKING,
                "job-1", "invoices\\load_invoices"));

        LoggedRequest request = onlyRequest(server).getRequest();
        assertThat(request.getMethod().value()).isEqualTo("POST");
        assertThat(request.getUrl()).isEqualTo("/api/robot/heartbeat");
        assertThat(request.getHeader("Content-Type")).isEqualTo(FORM);
        assertThat(request.getHeader("Authorization")).isEqualTo("Basic " + base64Guid());
        assertThat(formFields(request.getBodyAsString())).isEqualTo(Map.of(
                "RobotGUID", ROBOT_GUID, "Machine", "ROBOT-PC-01", "IP", "10.0.0.7", "MAC", "AA-BB-CC-DD-EE-FF",
                "Status", "3", "JobGUID", "job-1", "JobName", "invoices\\load_invoices", "JobType", "1"));
    }

    @Test
    void readyHeartbeatSendsEmptyJobFields() {
        builderFor(server).build().heartbeat(Heartbeat.ready("PC", "10.0.0.7", "AA-BB-CC-DD-EE-FF"));

        Map<String, String> fields = formFields(onlyRequest(server).getRequest().getBodyAsString());
        assertThat(fields).containsEntry("Status", "2").containsEntry("JobGUID", "").containsEntry("JobName", "")
                .containsEntry("JobType", "1");
    }

    @Test
    void valuesWithNonAsciiAmpersandEqualsAndPlusArriveExactly() {
        String tricky = "Рабочий-ПК & co=1+2 %20 ü/é?#";
        builderFor(server).build().heartbeat(Heartbeat.working(tricky, "::1", "A=B&C", "g+u=i&d", "скрипт а+б"));

        String raw = onlyRequest(server).getRequest().getBodyAsString();
        assertThat(raw).as("raw body is pure ASCII, URL-encoded").matches("[A-Za-z0-9%&=+._*-]*");
        assertThat(formFields(raw)).containsEntry("Machine", tricky).containsEntry("MAC", "A=B&C")
                .containsEntry("JobGUID", "g+u=i&d").containsEntry("JobName", "скрипт а+б");
        // UTF-8 percent-encoding, spaces as '+', a literal '+' as %2B.
        assertThat(raw).contains("Machine=%D0%A0%D0%B0%D0%B1").contains("+%26+co%3D1%2B2+");
    }

    @Test
    void bearerSchemeUsesTheSameBareGuidToken() {
        builderFor(server).authScheme(AuthScheme.BEARER).build().consumeNextJob(RobotStatus.READY);

        String auth = onlyRequest(server).getRequest().getHeader("Authorization");
        assertThat(auth).isEqualTo("Bearer " + base64Guid());
        String decoded = new String(java.util.Base64.getDecoder().decode(auth.substring("Bearer ".length())), StandardCharsets.UTF_8);
        assertThat(decoded).as("bare GUID, no user: part").isEqualTo(ROBOT_GUID).doesNotContain(":");
    }

    @Test
    void consumeNextJobPostsRobotGuidAndStatus() {
        builderFor(server).build().consumeNextJob(RobotStatus.READY);

        LoggedRequest request = onlyRequest(server).getRequest();
        assertThat(request.getMethod().value()).isEqualTo("POST");
        assertThat(request.getUrl()).isEqualTo("/api/robot/consumeNextJob");
        assertThat(request.getHeader("Content-Type")).isEqualTo(FORM);
        assertThat(request.getHeader("Authorization")).isEqualTo("Basic " + base64Guid());
        assertThat(formFields(request.getBodyAsString())).isEqualTo(Map.of("RobotGUID", ROBOT_GUID, "Status", "2"));
    }

    @Test
    void jobUpdateDefaultsToPutWithLowercaseFields() {
        builderFor(server).build().updateJob("4f1a-job-guid", JobStatus.IN_PROGRESS);

        LoggedRequest request = onlyRequest(server).getRequest();
        assertThat(request.getMethod().value()).isEqualTo("PUT");
        assertThat(request.getUrl()).isEqualTo("/api/job/update");
        assertThat(request.getHeader("Content-Type")).isEqualTo(FORM);
        assertThat(request.getHeader("Authorization")).isEqualTo("Basic " + base64Guid());
        assertThat(formFields(request.getBodyAsString())).isEqualTo(Map.of("guid", "4f1a-job-guid", "status", "8"));
    }

    @Test
    void jobUpdateReferenceStylePostsCapitalisedFields() {
        builderFor(server).jobUpdateStyle(JobUpdateStyle.REFERENCE).authScheme(AuthScheme.BEARER).build()
                .updateJob("job-2", JobStatus.SUCCESS);

        LoggedRequest request = onlyRequest(server).getRequest();
        assertThat(request.getMethod().value()).isEqualTo("POST");
        assertThat(request.getUrl()).isEqualTo("/api/job/update");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + base64Guid());
        assertThat(formFields(request.getBodyAsString())).isEqualTo(Map.of("Guid", "job-2", "Status", "4"));
    }

    @Test
    void jobUpdateCustomStyleUsesTheGivenMethodAndNames() {
        builderFor(server).jobUpdateStyle(new JobUpdateStyle(JobUpdateStyle.Method.PUT, "GUID", "STATUS")).build()
                .updateJob("job-3", JobStatus.ABORTED);

        LoggedRequest request = onlyRequest(server).getRequest();
        assertThat(request.getMethod().value()).isEqualTo("PUT");
        assertThat(formFields(request.getBodyAsString())).isEqualTo(Map.of("GUID", "job-3", "STATUS", "3"));
    }

    @Test
    void baseUrlPathPrefixIsKept() {
        OrchestratorClient client = OrchestratorClient.builder()
                .baseUrl("http://127.0.0.1:" + server.getPort() + "/orchestrator/")
                .robotGuid(ROBOT_GUID).build();

        client.heartbeat(Heartbeat.ready("PC", "10.0.0.7", "AA-BB-CC-DD-EE-FF"));

        assertThat(onlyRequest(server).getRequest().getUrl()).isEqualTo("/orchestrator/api/robot/heartbeat");
    }

    @Test
    void requestsSpeakPlainHttp11WithoutH2cUpgrade() {
        builderFor(server).build().heartbeat(Heartbeat.ready("PC", "10.0.0.7", "AA-BB-CC-DD-EE-FF"));

        ServeEvent event = onlyRequest(server);
        LoggedRequest request = event.getRequest();
        assertThat(request.getProtocol()).isEqualTo("HTTP/1.1");
        assertThat(request.containsHeader("Upgrade")).as("Upgrade header").isFalse();
        assertThat(request.containsHeader("HTTP2-Settings")).as("HTTP2-Settings header").isFalse();
    }
}
