package dev.belay.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static dev.belay.client.WireMockSupport.ROBOT_GUID;
import static dev.belay.client.WireMockSupport.base64Guid;
import static dev.belay.client.WireMockSupport.builderFor;
import static dev.belay.client.WireMockSupport.onlyRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code belay check}'s probe: one authenticated GET, its status as the answer, failures by cause. */
class ProbeIT {

    @RegisterExtension
    static final WireMockExtension server = WireMockSupport.server();

    @Test
    void anyStatusIsAnAnswerAndRedirectsAreNotFollowed() {
        for (int status : new int[] {200, 302, 401, 404, 500}) {
            server.resetAll();
            server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(status).withHeader("Location", "/elsewhere")
                    .withBody("body of " + status)));

            ProbeResult result = builderFor(server).buildProbe().probe();

            assertThat(result).isInstanceOf(ProbeResult.Answered.class);
            assertThat(((ProbeResult.Answered) result).httpStatus()).isEqualTo(status);
            LoggedRequest request = onlyRequest(server).getRequest();
            assertThat(request.getMethod().value()).isEqualTo("GET");
            assertThat(request.getUrl()).isEqualTo(OrchestratorProbe.PATH);
            assertThat(request.getHeader("Authorization")).isEqualTo("Basic " + base64Guid());
        }
    }

    @Test
    void refusedConnectionIsRefused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProbeResult result = OrchestratorClient.builder().baseUrl("http://127.0.0.1:" + port).robotGuid(ROBOT_GUID)
                .buildProbe().probe();

        assertThat(result).isInstanceOf(ProbeResult.Failed.class);
        assertThat(((ProbeResult.Failed) result).problem()).isEqualTo(ProbeResult.Problem.REFUSED);
    }

    /** A server that trickles its reply's head: the probe gives up two read timeouts after its request. */
    @Test
    void aResponseHeadTrickledInIsNoReplyAfterTwoReadTimeouts() throws Exception {
        try (TricklingServer trickling = new TricklingServer("HTTP/1.1 200 OK\r\nX-Pad: " + "x".repeat(400)
                + "\r\nContent-Length: 0\r\n\r\n", 25)) {
            ProbeResult result = OrchestratorClient.builder().baseUrl(trickling.baseUrl()).robotGuid(ROBOT_GUID)
                    .readTimeout(Duration.ofMillis(300)).buildProbe().probe();
            int sent = trickling.stopAndCountSent();

            assertThat(result).isInstanceOf(ProbeResult.Failed.class);
            assertThat(((ProbeResult.Failed) result).problem()).isEqualTo(ProbeResult.Problem.NO_REPLY);
            assertThat(((ProbeResult.Failed) result).detail())
                    .contains("response head not complete within two read timeouts (600 ms) of the request");
            assertThat(sent).isPositive().isLessThan(trickling.replyLength());
        }
    }

    @Test
    void unknownHostIsUnknownHost() {
        ProbeResult result = OrchestratorClient.builder().baseUrl("http://orchestrator.belay-test.invalid:4500")
                .robotGuid(ROBOT_GUID).buildProbe().probe();

        assertThat(result).isInstanceOf(ProbeResult.Failed.class);
        assertThat(((ProbeResult.Failed) result).problem()).isEqualTo(ProbeResult.Problem.UNKNOWN_HOST);
    }
}
