package dev.belay.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import feign.Client;
import feign.Request;
import feign.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transport byte for byte, against a raw server on loopback that answers each request with the next
 * scripted reply: what WireMock normalises away (chunk extensions, trailers, interim responses, HTTP/1.0,
 * a server that closes an idle connection, a head that never ends) is exactly what the client must read.
 */
class Http1ClientTest {

    private static final FixedHeaders FIXED = FixedHeaders.NONE
            .with("Content-Type", Form.CONTENT_TYPE)
            .with("Accept", "application/json")
            .with("Authorization", "Basic c2VjcmV0");
    private static final Request.Options OPTIONS = new Request.Options(2, TimeUnit.SECONDS, 2, TimeUnit.SECONDS, false);
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void writesOneRequestWithTheFixedHeadersAndKeepsTheConnectionForTheNext() throws Exception {
        ScriptedServer server = server(OK, OK, OK);
        Http1Client client = client(null);
        Map<String, Collection<String>> headers = new LinkedHashMap<>();
        headers.put("Authorization", List.of("Basic from-the-request")); // replaced by the fixed one
        headers.put("Content-Length", List.of("999")); // set from the body
        headers.put("X-Extra", List.of("1"));

        for (int i = 0; i < 3; i++) {
            Response response = client.execute(post(server, "/api/robot/heartbeat?x=1", headers, "a=1&b=2"), OPTIONS);
            assertThat(response.status()).isEqualTo(200);
            assertThat(body(response)).isEqualTo("{}");
            assertThat(response.headers().get("content-type")).containsExactly("application/json");
        }

        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.requests()).hasSize(3);
        assertThat(server.requests().get(0)).isEqualTo("POST /api/robot/heartbeat?x=1 HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + server.port() + "\r\n"
                + "X-Extra: 1\r\n"
                + "Content-Type: " + Form.CONTENT_TYPE + "\r\n"
                + "Accept: application/json\r\n"
                + "Authorization: Basic c2VjcmV0\r\n"
                + "User-Agent: Java/" + System.getProperty("java.version") + "\r\n"
                + "Content-Length: 7\r\n"
                + "\r\n"
                + "a=1&b=2");
    }

    @Test
    void readsAChunkedBodyWithExtensionsAndTrailersAndThenReusesTheConnection() throws Exception {
        ScriptedServer server = server(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "4;name=value\r\n{\"Ha\r\n"
                        + "B\r\nsNewJob\":1}\r\n"
                        + "0\r\nX-Trailer: t\r\n\r\n",
                OK);
        Http1Client client = client(null);

        assertThat(body(client.execute(post(server, "/a"), OPTIONS))).isEqualTo("{\"HasNewJob\":1}");
        assertThat(body(client.execute(post(server, "/b"), OPTIONS))).isEqualTo("{}");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void skipsInterimResponsesAndReadsABodyWithoutLengthToTheEndOfAnHttp10Connection() throws Exception {
        ScriptedServer server = server(
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: x\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nx",
                "HTTP/1.0 200 OK\r\n\r\nto the end" + ScriptedServer.CLOSE,
                OK);
        Http1Client client = client(null);

        Response created = client.execute(post(server, "/a"), OPTIONS);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.reason()).isEqualTo("Created");
        assertThat(body(created)).isEqualTo("x");
        assertThat(body(client.execute(post(server, "/b"), OPTIONS))).isEqualTo("to the end");
        assertThat(body(client.execute(post(server, "/c"), OPTIONS))).isEqualTo("{}");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsNotWrittenTo() throws Exception {
        ScriptedServer server = server(OK + ScriptedServer.CLOSE, OK,
                "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n", OK);
        Http1Client client = client(null);

        assertThat(body(client.execute(post(server, "/a"), OPTIONS))).isEqualTo("{}");
        server.awaitClosed(1);
        assertThat(body(client.execute(post(server, "/b"), OPTIONS))).isEqualTo("{}");
        assertThat(client.execute(post(server, "/c"), OPTIONS).status()).isEqualTo(204);
        assertThat(body(client.execute(post(server, "/d"), OPTIONS))).isEqualTo("{}");

        // Each request reached the server once: the closed connection was noticed before writing.
        assertThat(server.requests()).extracting(r -> r.substring(0, r.indexOf(' ', 5)))
                .containsExactly("POST /a", "POST /b", "POST /c", "POST /d");
        assertThat(server.connections()).isEqualTo(3);
    }

    @Test
    void aBodyClosedBeforeItsEndClosesTheConnectionAndABodyCutShortFails() throws Exception {
        ScriptedServer server = server(
                "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789",
                "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234" + ScriptedServer.CLOSE,
                OK);
        Http1Client client = client(null);

        Response first = client.execute(post(server, "/a"), OPTIONS);
        assertThat(first.body().asInputStream().read()).isEqualTo('0');
        first.close();
        Response cut = client.execute(post(server, "/b"), OPTIONS);
        assertThatThrownBy(() -> body(cut)).isInstanceOf(IOException.class)
                .hasMessageContaining("5 bytes before the end of the response body");
        assertThat(body(client.execute(post(server, "/c"), OPTIONS))).isEqualTo("{}");
        assertThat(server.connections()).isEqualTo(3);
    }

    @Test
    void aServersKeepAliveTimeoutIsKeptWithASecondToSpare() throws Exception {
        // timeout=1 less the margin leaves nothing: the next request must not race the server's close.
        ScriptedServer server = server("HTTP/1.1 200 OK\r\nKeep-Alive: timeout=1\r\nContent-Length: 0\r\n\r\n", OK);
        Http1Client client = client(null);

        client.execute(post(server, "/a"), OPTIONS).close();
        assertThat(body(client.execute(post(server, "/b"), OPTIONS))).isEqualTo("{}");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aConnectionIsKeptForATenSecondHeartbeatAndAServersOwnLimitIsBelievedUpToAMinute() throws Exception {
        AtomicLong now = new AtomicLong();
        ScriptedServer server = server(OK, OK, OK,
                "HTTP/1.1 200 OK\r\nKeep-Alive: timeout=300, max=100\r\nContent-Length: 0\r\n\r\n", OK, OK);
        Http1Client client = client(null, now::get);

        body(client.execute(post(server, "/a"), OPTIONS));
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(13_900)); // a server that says nothing: 15 s less 1
        body(client.execute(post(server, "/b"), OPTIONS));
        assertThat(server.connections()).isEqualTo(1);
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(14_100));
        body(client.execute(post(server, "/c"), OPTIONS));
        assertThat(server.connections()).isEqualTo(2);

        client.execute(post(server, "/d"), OPTIONS).close(); // says 300 s: believed up to 60 s, less 1
        now.addAndGet(TimeUnit.SECONDS.toNanos(58));
        body(client.execute(post(server, "/e"), OPTIONS));
        assertThat(server.connections()).isEqualTo(2);
        now.addAndGet(TimeUnit.SECONDS.toNanos(60));
        body(client.execute(post(server, "/f"), OPTIONS));
        assertThat(server.connections()).isEqualTo(3);
    }

    @Test
    void aServerSeenToDropAnIdleConnectionIsNotGivenOneThatOldAgain() throws Exception {
        AtomicLong now = new AtomicLong();
        ScriptedServer server = server(OK, ScriptedServer.CLOSE, OK, OK);
        Http1Client client = client(null, now::get);

        body(client.execute(post(server, "/a"), OPTIONS));
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertThatThrownBy(() -> client.execute(post(server, "/b"), OPTIONS)) // gone, nothing came back
                .isNotInstanceOf(UrlConnectionClient.NotSentException.class);
        body(client.execute(post(server, "/c"), OPTIONS));
        now.addAndGet(TimeUnit.SECONDS.toNanos(10)); // learnt: 10 s is too long for this server
        body(client.execute(post(server, "/d"), OPTIONS));

        assertThat(server.requests()).hasSize(4);
        assertThat(server.connections()).isEqualTo(3);
    }

    @Test
    void aReusedConnectionTheServerDropsAfterReadingTheRequestFailsAndIsNotResent() throws Exception {
        ScriptedServer server = server(OK, ScriptedServer.CLOSE, OK);
        Http1Client client = client(null);

        assertThat(body(client.execute(post(server, "/a"), OPTIONS))).isEqualTo("{}");
        assertThatThrownBy(() -> client.execute(post(server, "/b"), OPTIONS))
                .isNotInstanceOf(UrlConnectionClient.NotSentException.class)
                .hasMessage("invalid HTTP response: connection closed before a status line");

        assertThat(server.requests()).hasSize(2);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void repliesWithoutABodyKeepTheConnectionAndBytesNobodyAskedForDoNot() throws Exception {
        ScriptedServer server = server(
                "HTTP/1.1 204 No Content\r\n\r\n",
                "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", // a 304's length is the resource's
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\nContent-Length: 2\r\n\r\n{}",
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n Content-Length: 1\r\n\r\n{}", // a folded line is no header
                "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}", // HTTP/1.0 without keep-alive: not kept
                OK + "junk",
                "HTTP/1.1 204 No Content\r\n\r\nmore junk",
                OK);
        Http1Client client = client(null);

        assertThat(client.execute(post(server, "/a"), OPTIONS).status()).isEqualTo(204);
        assertThat(client.execute(post(server, "/b"), OPTIONS).status()).isEqualTo(304);
        assertThat(body(client.execute(post(server, "/c"), OPTIONS))).isEqualTo("{}");
        assertThat(body(client.execute(post(server, "/d"), OPTIONS))).isEqualTo("{}");
        assertThat(server.connections()).isEqualTo(1);

        assertThat(body(client.execute(post(server, "/e"), OPTIONS))).isEqualTo("{}");
        assertThat(server.connections()).isEqualTo(1);

        assertThat(body(client.execute(post(server, "/f"), OPTIONS))).isEqualTo("{}");
        assertThat(client.execute(post(server, "/g"), OPTIONS).status()).isEqualTo(204);
        assertThat(body(client.execute(post(server, "/h"), OPTIONS))).isEqualTo("{}");
        assertThat(server.connections()).isEqualTo(4);
    }

    @Test
    void aReplyWithBothALengthAndChunksIsReadByItsChunksAndItsConnectionNotReused() throws Exception {
        String big = "x".repeat(20_000); // past the 8 KiB buffer: read straight from the socket
        ScriptedServer server = server(
                "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 20000, 20000\r\n\r\n" + big,
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
                "HTTP/1.1 000 Zero\r\nContent-Length: 0\r\n\r\n");
        Http1Client client = client(null);

        assertThat(body(client.execute(post(server, "/a"), OPTIONS))).isEqualTo("{}");
        assertThat(body(client.execute(post(server, "/b"), OPTIONS))).isEqualTo(big);
        assertThat(server.connections()).isEqualTo(2);
        Response tooLong = client.execute(post(server, "/c"), OPTIONS);
        assertThatThrownBy(() -> body(tooLong)).hasMessage("invalid chunked response body: no line end after a chunk");
        assertThatThrownBy(() -> client.execute(post(server, "/d"), OPTIONS))
                .hasMessage("invalid HTTP response: no status line");
    }

    @Test
    void aTlsHandshakeThatStallsIsNotSentAndSaysSo() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Http1Client client = new Http1Client((javax.net.ssl.SSLSocketFactory) javax.net.ssl.SSLSocketFactory.getDefault(),
                    true, FIXED, (r, o) -> {
                        throw new AssertionError("no proxy expected");
                    });
            Request.Options quick = new Request.Options(2, TimeUnit.SECONDS, 300, TimeUnit.MILLISECONDS, false);
            assertThatThrownBy(() -> client.execute(Request.create(Request.HttpMethod.POST,
                    "https://127.0.0.1:" + silent.getLocalPort() + "/a", Map.of(), new byte[0], StandardCharsets.UTF_8, null),
                    quick))
                    .isInstanceOf(UrlConnectionClient.NotSentException.class)
                    .hasMessage("TLS handshake timed out after 300 ms");
        }
    }

    /**
     * A head trickled in, each read within the read timeout: the whole head gets one read timeout from
     * its first bytes, as a body does. The clock is the client's own: it stands past the deadline when
     * the second part of the head comes, which the server sends only once the first is in.
     */
    @Test
    void aResponseHeadTrickledInIsCutOffOneReadTimeoutAfterItsFirstBytes() throws Exception {
        long timeout = TimeUnit.SECONDS.toNanos(2); // OPTIONS
        CountDownLatch firstPartIn = new CountDownLatch(1);
        AtomicInteger clockReads = new AtomicInteger();
        LongSupplier clock = () -> {
            int read = clockReads.incrementAndGet();
            if (read == 1) {
                firstPartIn.countDown();
                return 0;
            }
            return timeout + 1;
        };
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread trickler = new Thread(() -> {
                try (Socket s = server.accept()) {
                    ScriptedServer.readRequest(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nX-Pad: ".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    firstPartIn.await(5, TimeUnit.SECONDS);
                    out.write("x\r\nContent-Length: 2\r\n\r\n{}".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    s.getInputStream().read(); // until the client lets go
                } catch (IOException | InterruptedException e) {
                    // the client went away
                }
            }, "trickling-server");
            trickler.setDaemon(true);
            trickler.start();
            Http1Client client = new Http1Client(null, false, FIXED, (r, o) -> {
                throw new AssertionError("no proxy expected");
            }, clock);

            assertThatThrownBy(() -> client.execute(Request.create(Request.HttpMethod.POST,
                    "http://127.0.0.1:" + server.getLocalPort() + "/a", Map.of(), new byte[0], StandardCharsets.UTF_8, null), OPTIONS))
                    .isInstanceOf(java.net.SocketTimeoutException.class)
                    .hasMessageContaining("response head not complete within the read timeout (2000 ms)");
            trickler.join(5_000);
        }

        // A head that comes whole, however long after the request, is read as ever.
        ScriptedServer server = server(OK);
        AtomicLong late = new AtomicLong();
        Http1Client patient = client(null, () -> late.addAndGet(timeout / 2));
        assertThat(patient.execute(post(server, "/b"), OPTIONS).status()).isEqualTo(200);
    }

    /**
     * A server that says {@code 102 Processing} now and then while it works: each interim response starts
     * the next head's time afresh. Here four of them come 0.6 read timeouts apart on the client's clock (the
     * server sends each only once the client has read the one before), then the real reply.
     */
    @Test
    void interimResponsesEachWithinTheReadTimeoutDoNotCutOffTheReply() throws Exception {
        long timeout = TimeUnit.SECONDS.toNanos(2); // OPTIONS
        java.util.concurrent.Semaphore readOne = new java.util.concurrent.Semaphore(0);
        AtomicLong now = new AtomicLong();
        LongSupplier clock = () -> {
            readOne.release();
            return now.getAndAdd(timeout * 6 / 10);
        };
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread processing = new Thread(() -> {
                try (Socket s = server.accept()) {
                    ScriptedServer.readRequest(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    for (int i = 0; i < 4; i++) {
                        out.write("HTTP/1.1 102 Processing\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        readOne.tryAcquire(5, TimeUnit.SECONDS);
                    }
                    out.write(OK.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    s.getInputStream().read(); // until the client lets go
                } catch (IOException | InterruptedException e) {
                    // the client went away
                }
            }, "processing-server");
            processing.setDaemon(true);
            processing.start();
            Http1Client client = new Http1Client(null, false, FIXED, (r, o) -> {
                throw new AssertionError("no proxy expected");
            }, clock);

            Response response = client.execute(Request.create(Request.HttpMethod.POST,
                    "http://127.0.0.1:" + server.getLocalPort() + "/a", Map.of(), new byte[0], StandardCharsets.UTF_8, null), OPTIONS);
            assertThat(response.status()).isEqualTo(200);
            assertThat(body(response)).isEqualTo("{}");
        }
    }

    @Test
    void theJdksKeepAliveSwitchTurnsKeepingConnectionsOff() throws Exception {
        ScriptedServer server = server(OK, OK);
        String previous = System.getProperty("http.keepAlive");
        System.setProperty("http.keepAlive", "false");
        Http1Client client;
        try {
            client = client(null);
        } finally {
            if (previous == null) {
                System.clearProperty("http.keepAlive");
            } else {
                System.setProperty("http.keepAlive", previous);
            }
        }
        assertThat(body(client.execute(post(server, "/a"), OPTIONS))).isEqualTo("{}");
        assertThat(body(client.execute(post(server, "/b"), OPTIONS))).isEqualTo("{}");
        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.requests().get(0)).contains("\r\nConnection: close\r\n");
    }

    @Test
    void whatIsNotAnHttpResponseFailsAfterTheRequestWasSent() throws Exception {
        ScriptedServer server = server(
                "SSH-2.0-OpenSSH_9.6\r\n\r\n",
                ScriptedServer.CLOSE,
                "HTTP/1.1 200 OK\r\nX-Big: " + "x".repeat(Http1Client.MAX_HEAD_BYTES) + "\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        Http1Client client = client(null);

        assertThatThrownBy(() -> client.execute(post(server, "/a"), OPTIONS))
                .isNotInstanceOf(UrlConnectionClient.NotSentException.class)
                .hasMessage("invalid HTTP response: no status line");
        assertThatThrownBy(() -> client.execute(post(server, "/b"), OPTIONS))
                .isNotInstanceOf(UrlConnectionClient.NotSentException.class)
                .hasMessage("invalid HTTP response: connection closed before a status line");
        assertThatThrownBy(() -> client.execute(post(server, "/c"), OPTIONS))
                .hasMessageContaining("line too long");
        assertThatThrownBy(() -> client.execute(post(server, "/d"), OPTIONS))
                .hasMessageContaining("conflicting or negative Content-Length");
        Response badChunk = client.execute(post(server, "/e"), OPTIONS);
        assertThatThrownBy(() -> body(badChunk)).hasMessageContaining("chunk size 'zz'");
        assertThat(server.requests()).hasSize(5);
    }

    @Test
    void aRefusedConnectionAndAnUnwritableHeaderAreNotSent() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = s.getLocalPort();
        }
        Http1Client client = client(null);
        assertThatThrownBy(() -> client.execute(Request.create(Request.HttpMethod.POST,
                "http://127.0.0.1:" + freePort + "/a", Map.of(), new byte[0], StandardCharsets.UTF_8, null), OPTIONS))
                .isInstanceOf(UrlConnectionClient.NotSentException.class);

        ScriptedServer server = server(OK);
        assertThatThrownBy(() -> client.execute(post(server, "/a", Map.of("X-Evil", List.of("a\r\nX-Injected: 1")), ""), OPTIONS))
                .isInstanceOf(UrlConnectionClient.NotSentException.class)
                .hasMessageContaining("line break in the value of request header X-Evil");
        assertThat(server.connections()).isZero();
    }

    @Test
    void aRequestTheJvmRoutesThroughAProxyGoesToTheFallbackTransport() throws Exception {
        ScriptedServer server = server(OK);
        AtomicReference<Request> viaProxy = new AtomicReference<>();
        Http1Client client = client((request, options) -> {
            viaProxy.set(request);
            return Response.builder().request(request).status(299).headers(Map.of()).build();
        });
        ProxySelector previous = ProxySelector.getDefault();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(new Proxy(Proxy.Type.HTTP, new java.net.InetSocketAddress("proxy.invalid", 3128)));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            }
        });
        try {
            assertThat(client.execute(post(server, "/a"), OPTIONS).status()).isEqualTo(299);
        } finally {
            ProxySelector.setDefault(previous);
        }
        assertThat(viaProxy.get().url()).endsWith("/a");
        assertThat(server.connections()).isZero();
    }

    private Http1Client client(Client viaProxy) {
        return client(viaProxy, System::nanoTime);
    }

    private Http1Client client(Client viaProxy, LongSupplier nanoTime) {
        return new Http1Client(null, false, FIXED, viaProxy != null ? viaProxy : (r, o) -> {
            throw new AssertionError("no proxy expected");
        }, nanoTime);
    }

    private ScriptedServer server(String... replies) throws IOException {
        ScriptedServer server = new ScriptedServer(replies);
        toClose.add(server);
        return server;
    }

    private static Request post(ScriptedServer server, String path) {
        return post(server, path, Map.of(), "");
    }

    private static Request post(ScriptedServer server, String path, Map<String, Collection<String>> headers, String body) {
        return Request.create(Request.HttpMethod.POST, "http://127.0.0.1:" + server.port() + path, headers,
                body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, null);
    }

    private static String body(Response response) throws IOException {
        try (InputStream in = response.body().asInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * Answers each request (head, and a body of its Content-Length) with the next reply, on whichever
     * connection it came. A reply ending in {@link #CLOSE} closes that connection after it is written.
     */
    static final class ScriptedServer implements AutoCloseable {
        static final String CLOSE = "\u0000close";

        private final ServerSocket socket;
        private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger connections = new AtomicInteger();
        private final Semaphore closedByServer = new Semaphore(0);
        private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());

        ScriptedServer(String... replies) throws IOException {
            Collections.addAll(this.replies, replies);
            socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        connections.incrementAndGet();
                        open.add(s);
                        Thread t = new Thread(() -> serve(s), "scripted-connection");
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "scripted-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                while (true) {
                    String request = readRequest(in);
                    if (request == null) {
                        return;
                    }
                    requests.add(request);
                    String reply = replies.poll(5, TimeUnit.SECONDS);
                    if (reply == null) {
                        return;
                    }
                    boolean close = reply.endsWith(CLOSE);
                    out.write(reply.replace(CLOSE, "").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (close) {
                        s.close();
                        closedByServer.release();
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the client went away
            }
        }

        static String readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int state = 0;
            int b;
            while (state < 4) {
                if ((b = in.read()) == -1) {
                    return null;
                }
                head.write(b);
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int length = 0;
            for (String line : text.split("\r\n")) {
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            return text + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        List<String> requests() {
            return List.copyOf(requests);
        }

        /** Waits until the server has closed this many connections of its own accord. */
        void awaitClosed(int n) throws InterruptedException {
            assertThat(closedByServer.tryAcquire(n, 5, TimeUnit.SECONDS)).isTrue();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (open) {
                for (Socket s : open) {
                    s.close();
                }
            }
        }
    }
}
