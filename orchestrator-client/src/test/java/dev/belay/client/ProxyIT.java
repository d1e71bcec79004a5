package dev.belay.client;

import static dev.belay.client.WireMockSupport.ROBOT_GUID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests that the JVM's proxy settings route through an HTTP proxy: they go through
 * {@code HttpURLConnection}, which reads the response head itself. The proxy is a raw server on loopback
 * that answers in place of the orchestrator (a proxy's reply is what the client sees).
 */
class ProxyIT {

    private static final String HEARTBEAT_REPLY = "{\"HeartbeatErrorCode\":0,\"HasNewJob\":1}";
    private static final Heartbeat READY = Heartbeat.ready("PC", "10.0.0.7", "AA-BB-CC-DD-EE-FF");

    private final ProxySelector previous = ProxySelector.getDefault();

    @AfterEach
    void restore() {
        ProxySelector.setDefault(previous);
    }

    @Test
    void aHeartbeatThroughTheProxyIsSentInAbsoluteFormAndItsReplyRead() throws Exception {
        try (TricklingServer proxy = new TricklingServer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + HEARTBEAT_REPLY.length() + "\r\nConnection: close\r\n\r\n" + HEARTBEAT_REPLY, 0)) {
            routeEverythingThrough(proxy.address());

            HeartbeatReply reply = client(Duration.ofSeconds(5)).heartbeat(READY);

            assertThat(reply.hasNewJob()).isEqualTo(HasNewJob.JOB_FOUND);
            assertThat(proxy.requestLine()).isEqualTo("POST http://orchestrator.invalid/api/robot/heartbeat HTTP/1.1");
        }
    }

    /**
     * A proxy that trickles the reply's head, a byte every 25 ms (well within the read timeout): the head
     * as a whole is cut off two read timeouts after the request, long before the proxy would have sent
     * all of it (~10 s), and the call fails as no reply, which the caller's retry policy knows how to treat.
     */
    @Test
    void aResponseHeadTrickledInThroughTheProxyIsCutOffAfterTwoReadTimeouts() throws Exception {
        try (TricklingServer proxy = new TricklingServer("HTTP/1.1 200 OK\r\nX-Pad: " + "x".repeat(400)
                + "\r\nContent-Length: 2\r\n\r\n{}", 25)) {
            routeEverythingThrough(proxy.address());

            OrchestratorException e = catchThrowableOfType(OrchestratorException.class,
                    () -> client(Duration.ofMillis(300)).heartbeat(READY));
            int sent = proxy.stopAndCountSent();

            assertThat(e).isInstanceOf(OrchestratorException.NoReply.class);
            assertThat(e).hasStackTraceContaining("response head not complete within two read timeouts (600 ms) of the request");
            assertThat(e.getMessage()).doesNotContain(ROBOT_GUID);
            assertThat(sent).as("bytes of the head the proxy had sent").isPositive().isLessThan(proxy.replyLength());
        }
    }

    /**
     * For https the JDK asks the proxy for a tunnel ({@code CONNECT}) and reads its answer inside
     * {@code connect()}, before the TLS handshake: a proxy trickling that answer is cut off too, after
     * the connect timeout and two read timeouts, and since no byte of the request was sent, the call
     * fails as not sent (safe to repeat).
     */
    @Test
    void aTunnelAnswerTrickledInByTheProxyIsCutOffBeforeAnythingIsSent() throws Exception {
        try (TricklingServer proxy = new TricklingServer("HTTP/1.1 200 Connection established\r\nX-Pad: " + "x".repeat(400)
                + "\r\n\r\n", 25)) {
            routeEverythingThrough(proxy.address());

            OrchestratorException e = catchThrowableOfType(OrchestratorException.class,
                    () -> OrchestratorClient.builder().baseUrl("https://orchestrator.invalid").robotGuid(ROBOT_GUID)
                            .connectTimeout(Duration.ofMillis(300)).readTimeout(Duration.ofMillis(300)).build().heartbeat(READY));
            int sent = proxy.stopAndCountSent();

            assertThat(proxy.requestLine()).isEqualTo("CONNECT orchestrator.invalid:443 HTTP/1.1");
            assertThat(e).isInstanceOf(OrchestratorException.NotSent.class);
            assertThat(e).hasStackTraceContaining("no connection set up within the connect timeout and two read timeouts (900 ms)");
            assertThat(sent).as("bytes of the tunnel's answer the proxy had sent").isPositive().isLessThan(proxy.replyLength());
        }
    }

    private static void routeEverythingThrough(InetSocketAddress proxy) {
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(new Proxy(Proxy.Type.HTTP, proxy));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            }
        });
    }

    private static OrchestratorClient client(Duration readTimeout) {
        return OrchestratorClient.builder().baseUrl("http://orchestrator.invalid").robotGuid(ROBOT_GUID)
                .readTimeout(readTimeout).build();
    }
}
