package dev.belay.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static dev.belay.client.WireMockSupport.builderFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** job/update: any 2xx of the robot API is success, but an HTML page in its place is not. */
class JobUpdateReplyIT {

    @RegisterExtension
    static final WireMockExtension server = WireMockSupport.server();

    @Test
    void anyApiReplyWithA2xxIsSuccessWhateverItsBody() {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));
        assertThatCode(() -> builderFor(server).build().updateJob("job-1", JobStatus.SUCCESS)).doesNotThrowAnyException();

        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("[]")));
        assertThatCode(() -> builderFor(server).build().updateJob("job-1", JobStatus.SUCCESS)).doesNotThrowAnyException();
    }

    @Test
    void anHtmlPageWithStatus200IsAProxyOrLoginPageNotAnAcceptedUpdate() {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody("<!DOCTYPE html><html><body>Please sign in</body></html>")));

        assertThatThrownBy(() -> builderFor(server).build().updateJob("job-1", JobStatus.SUCCESS))
                .isInstanceOf(OrchestratorException.UnreadableReply.class)
                .hasMessageContaining("an HTML page (HTTP 200)");
        assertThat(server.getAllServeEvents()).hasSize(1);
    }
}
