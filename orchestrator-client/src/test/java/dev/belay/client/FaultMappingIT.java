package dev.belay.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static dev.belay.client.WireMockSupport.ROBOT_GUID;
import static dev.belay.client.WireMockSupport.builderFor;
import static dev.belay.client.WireMockSupport.onlyRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every fault WireMock can inject, and every way a connection can fail, maps to the failure kind
 * that tells a retry policy the truth — and the server's journal shows exactly one request per call:
 * there is no hidden retry anywhere in the stack.
 */
class FaultMappingIT {

    @RegisterExtension
    static final WireMockExtension server = WireMockSupport.server();

    /** Calls one endpoint with a well-formed request. */
    static void call(OrchestratorClient client, Endpoint endpoint) {
        switch (endpoint) {
            case HEARTBEAT:
                client.heartbeat(Heartbeat.ready("PC", "10.0.0.7", "AA-BB-CC-DD-EE-FF"));
                break;
            case CONSUME_NEXT_JOB:
                client.consumeNextJob(RobotStatus.READY);
                break;
            case UPDATE_JOB:
                client.updateJob("job-1", JobStatus.SUCCESS);
                break;
            default:
                throw new AssertionError(endpoint);
        }
    }

    static OrchestratorException failureOf(OrchestratorClient client, Endpoint endpoint) {
        OrchestratorException e = catchThrowableOfType(OrchestratorException.class, () -> call(client, endpoint));
        assertThat(e).as("%s must fail with an OrchestratorException", endpoint).isNotNull();
        assertThat(e.endpoint()).isEqualTo(endpoint);
        assertThat(e.getMessage()).doesNotContain(ROBOT_GUID).doesNotContain(WireMockSupport.base64Guid());
        return e;
    }

    static Stream<Arguments> faultsThatLeaveNoReply() {
        List<Arguments> args = new ArrayList<>();
        for (Endpoint endpoint : Endpoint.values()) {
            args.add(Arguments.of(endpoint, Fault.CONNECTION_RESET_BY_PEER));
            args.add(Arguments.of(endpoint, Fault.EMPTY_RESPONSE));
            args.add(Arguments.of(endpoint, Fault.RANDOM_DATA_THEN_CLOSE));
        }
        // A malformed chunk comes after a 200 status line: for job/update that status is the answer.
        args.add(Arguments.of(Endpoint.HEARTBEAT, Fault.MALFORMED_RESPONSE_CHUNK));
        args.add(Arguments.of(Endpoint.CONSUME_NEXT_JOB, Fault.MALFORMED_RESPONSE_CHUNK));
        return args.stream();
    }

    @ParameterizedTest(name = "{0} with {1} → NoReply")
    @MethodSource("faultsThatLeaveNoReply")
    void brokenConnectionAfterTheRequestIsNoReplyAfterExactlyOneRequest(Endpoint endpoint, Fault fault) {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withFault(fault)));

        OrchestratorException e = failureOf(builderFor(server).build(), endpoint);

        assertThat(e).isInstanceOf(OrchestratorException.NoReply.class);
        assertThat(e.mayHaveReachedServer()).isTrue();
        assertThat(e.getMessage()).startsWith("no reply: " + endpoint.path());
        onlyRequest(server);
    }

    @Test
    void jobUpdateWhose200BreaksOffInTheBodySucceedsBecauseTheBodyIsNotInterpreted() {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));

        assertThatCode(() -> call(builderFor(server).build(), Endpoint.UPDATE_JOB)).doesNotThrowAnyException();
        onlyRequest(server);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Endpoint.class)
    void delayBeyondTheReadTimeoutIsNoReplyAfterExactlyOneRequest(Endpoint endpoint) {
        server.stubFor(any(anyUrl()).willReturn(okJson().withFixedDelay(5_000)));
        OrchestratorClient client = builderFor(server).readTimeout(Duration.ofMillis(300)).build();

        OrchestratorException e = failureOf(client, endpoint);

        assertThat(e).isInstanceOf(OrchestratorException.NoReply.class);
        assertThat(e.getMessage()).contains("read timeout");
        onlyRequest(server);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Endpoint.class, names = {"HEARTBEAT", "CONSUME_NEXT_JOB"})
    void replyDribbledSlowerThanTheReadTimeoutIsNoReply(Endpoint endpoint) {
        server.stubFor(any(anyUrl()).willReturn(okJson().withChunkedDribbleDelay(4, 3_000)));
        OrchestratorClient client = builderFor(server).readTimeout(Duration.ofMillis(300)).build();

        OrchestratorException e = failureOf(client, endpoint);

        assertThat(e).isInstanceOf(OrchestratorException.NoReply.class);
        assertThat(e.getMessage()).contains("read timeout");
        onlyRequest(server);
    }

    /**
     * Each chunk comes well within the read timeout, so no single read times out; the whole body is
     * still bounded (by the read timeout since its first byte, checked after each read).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Endpoint.class, names = {"HEARTBEAT", "CONSUME_NEXT_JOB"})
    void replyTrickledFasterThanTheReadTimeoutButLongerOverallIsNoReply(Endpoint endpoint) {
        server.stubFor(any(anyUrl()).willReturn(okJson().withChunkedDribbleDelay(40, 8_000)));
        OrchestratorClient client = builderFor(server).readTimeout(Duration.ofMillis(800)).build();

        long started = System.nanoTime();
        OrchestratorException e = failureOf(client, endpoint);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(e).isInstanceOf(OrchestratorException.NoReply.class);
        assertThat(e.getMessage()).contains("read timeout");
        assertThat(took).isLessThan(Duration.ofMillis(2 * 800 + 1_000));
        onlyRequest(server);
    }

    /**
     * In streaming mode (what keeps the JDK from re-sending) {@code HttpURLConnection} answers a 401 by
     * dropping the connection, so the body excerpt is lost; the status, and one request, remain.
     */
    @Test
    void unauthorizedIsAnHttpErrorAfterExactlyOneRequest() {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"robots\"")
                .withHeader("Content-Type", "text/plain").withBody("unknown robot")));

        for (Endpoint endpoint : Endpoint.values()) {
            server.resetRequests();
            OrchestratorException e = failureOf(builderFor(server).build(), endpoint);

            assertThat(e).isInstanceOf(OrchestratorException.HttpError.class);
            assertThat(((OrchestratorException.HttpError) e).statusCode()).isEqualTo(401);
            onlyRequest(server);
        }
    }

    /** A body that stalls after the headers: the socket's read timeout covers each read of the body too. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 80\r\n\r\n{\"HeartbeatErr",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"Hea\r\n"})
    void bodyThatStallsAfterTheHeadersIsNoReplyWithinTheReadTimeout(String head) throws IOException {
        try (StallingServer stalling = new StallingServer(head)) {
            OrchestratorClient client = OrchestratorClient.builder().baseUrl(stalling.baseUrl()).robotGuid(ROBOT_GUID)
                    .readTimeout(Duration.ofMillis(300)).build();

            OrchestratorException e = failureOf(client, Endpoint.HEARTBEAT);

            assertThat(e).isInstanceOf(OrchestratorException.NoReply.class);
            assertThat(e.getMessage()).contains("read timeout");
            assertThat(stalling.requests()).isEqualTo(1);
        }
    }

    @Test
    void errorBodyThatStallsStillYieldsTheHttpErrorWithWhatCame() throws IOException {
        try (StallingServer stalling = new StallingServer(
                "HTTP/1.1 502 Bad Gateway\r\nTransfer-Encoding: chunked\r\n\r\n0C\r\n<html>Bad ga\r\n")) {
            OrchestratorClient client = OrchestratorClient.builder().baseUrl(stalling.baseUrl()).robotGuid(ROBOT_GUID)
                    .readTimeout(Duration.ofMillis(300)).build();

            OrchestratorException e = failureOf(client, Endpoint.UPDATE_JOB);

            assertThat(e).isInstanceOf(OrchestratorException.HttpError.class);
            assertThat(((OrchestratorException.HttpError) e).statusCode()).isEqualTo(502);
            assertThat(((OrchestratorException.HttpError) e).bodyExcerpt()).isEqualTo("<html>Bad ga");
            assertThat(stalling.requests()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Endpoint.class)
    void serverErrorWithHtmlIsHttpErrorWithAShortCleanExcerpt(Endpoint endpoint) {
        String html = "<!DOCTYPE html>\r\n<html><head><title>500 Internal Server Error</title></head>\n<body>\t<h1>Oops</h1>"
                + "\u0007\u001b[31m robot " + ROBOT_GUID + " failed " + "x".repeat(500) + "</body></html>";
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "text/html").withBody(html)));

        OrchestratorException e = failureOf(builderFor(server).build(), endpoint);

        assertThat(e).isInstanceOf(OrchestratorException.HttpError.class);
        OrchestratorException.HttpError error = (OrchestratorException.HttpError) e;
        assertThat(error.statusCode()).isEqualTo(500);
        assertThat(error.bodyExcerpt()).hasSizeLessThanOrEqualTo(200)
                .startsWith("<!DOCTYPE html> <html><head><title>500 Internal Server Error</title></head> <body> <h1>Oops</h1>")
                .doesNotContain(ROBOT_GUID).contains("robot <redacted> failed");
        assertThat(error.bodyExcerpt().chars()).noneMatch(Character::isISOControl);
        assertThat(error.retryAfter()).isEmpty();
        onlyRequest(server);
    }

    @Test
    void serviceUnavailableCarriesRetryAfterSeconds() {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "120")
                .withHeader("Content-Type", "text/html").withBody("<html><body>Maintenance</body></html>")));

        OrchestratorException e = failureOf(builderFor(server).build(), Endpoint.HEARTBEAT);

        assertThat(e).isInstanceOf(OrchestratorException.HttpError.class);
        OrchestratorException.HttpError error = (OrchestratorException.HttpError) e;
        assertThat(error.statusCode()).isEqualTo(503);
        assertThat(error.bodyExcerpt()).isEqualTo("<html><body>Maintenance</body></html>");
        assertThat(error.retryAfter()).contains(Duration.ofSeconds(120));
        onlyRequest(server);
    }

    @Test
    void serviceUnavailableCarriesRetryAfterHttpDate() {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)
                .withHeader("Retry-After", "Tue, 31 Dec 2999 23:59:59 GMT")));

        OrchestratorException.HttpError error = (OrchestratorException.HttpError) failureOf(builderFor(server).build(),
                Endpoint.CONSUME_NEXT_JOB);

        assertThat(error.retryAfter()).hasValueSatisfying(d -> assertThat(d).isGreaterThan(Duration.ofDays(300 * 365)));
        onlyRequest(server);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {301, 302, 400, 401, 403, 404, 429})
    void nonSuccessStatusesAreHttpErrorsAndRedirectsAreNotFollowed(int status) {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(status).withHeader("Location", "/elsewhere")));

        OrchestratorException e = failureOf(builderFor(server).build(), Endpoint.UPDATE_JOB);

        assertThat(e).isInstanceOf(OrchestratorException.HttpError.class);
        assertThat(((OrchestratorException.HttpError) e).statusCode()).isEqualTo(status);
        onlyRequest(server);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Endpoint.class)
    void anySuccessStatusIsSuccessForJobUpdateWhateverTheBody(Endpoint ignored) {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));
        assertThatCode(() -> builderFor(server).build().updateJob("j", JobStatus.FAILED)).doesNotThrowAnyException();
        server.resetAll();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("<html>not json</html>")));
        assertThatCode(() -> builderFor(server).build().updateJob("j", JobStatus.FAILED)).doesNotThrowAnyException();
        onlyRequest(server);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Endpoint.class)
    void refusedConnectionIsNotSent(Endpoint endpoint) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        OrchestratorClient client = OrchestratorClient.builder().baseUrl("http://127.0.0.1:" + port).robotGuid(ROBOT_GUID).build();

        OrchestratorException e = failureOf(client, endpoint);

        assertThat(e).isInstanceOf(OrchestratorException.NotSent.class);
        assertThat(e.mayHaveReachedServer()).isFalse();
        assertThat(e.getMessage()).startsWith("not sent: " + endpoint.path());
    }

    @Test
    void unknownHostIsNotSent() {
        OrchestratorClient client = OrchestratorClient.builder().baseUrl("http://orchestrator.belay-test.invalid:4500")
                .robotGuid(ROBOT_GUID).connectTimeout(Duration.ofSeconds(5)).build();

        OrchestratorException e = failureOf(client, Endpoint.HEARTBEAT);

        assertThat(e).isInstanceOf(OrchestratorException.NotSent.class);
    }

    /**
     * A listening socket whose accept backlog is full drops further SYNs (Linux), so a connect neither
     * succeeds nor is refused: the connect timeout fires.
     */
    @Test
    void connectTimeoutIsNotSent() throws IOException {
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 8; i++) {
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()), 200);
                    fillers.add(s);
                } catch (IOException timedOut) {
                    s.close();
                    break; // the backlog is full
                }
            }
            OrchestratorClient client = OrchestratorClient.builder().baseUrl("http://127.0.0.1:" + full.getLocalPort())
                    .robotGuid(ROBOT_GUID).connectTimeout(Duration.ofMillis(300)).build();

            OrchestratorException e = failureOf(client, Endpoint.CONSUME_NEXT_JOB);

            assertThat(e).isInstanceOf(OrchestratorException.NotSent.class);
            assertThat(e.getMessage()).contains("connect timed out");
        } finally {
            for (Socket s : fillers) {
                s.close();
            }
        }
    }

    private static ResponseDefinitionBuilder okJson() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"HeartbeatErrorCode\":0,\"HasNewJob\":0,\"ConsumeJobErrorCode\":102}");
    }
}
