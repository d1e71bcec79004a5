package dev.belay.client.internal;

import feign.Client;
import feign.Request;
import feign.Response;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * The transport for a request that goes through a proxy ({@link Http1Client} hands those over), and the
 * connection of {@link HttpProbe}. A blocking {@link Client} over {@link HttpURLConnection}: the exchange
 * runs on the caller's thread, with no selector thread, worker pool or {@code CompletableFuture} pipeline
 * (what {@code java.net.http} cost per heartbeat and at start-up). Our own rather than Feign's
 * {@code Client.Default} because every line here is a guarantee the tests pin, and {@code Client.Default}
 * decides several of them otherwise (it buffers small bodies, decompresses gzip, turns a missing error
 * stream into an empty body, and only streams when asked):
 *
 * <ul>
 *   <li>Exactly one request. The JDK re-sends a request once after a reset or an empty reply unless it
 *       is in streaming mode (PITFALLS.md): every method that may carry a body (POST, PUT, …) is sent in
 *       fixed-length streaming mode, even with an empty body. Only GET/HEAD/OPTIONS/TRACE/DELETE — which
 *       the robot API does not use — are left to the JDK's idempotent-method retry.</li>
 *   <li>No redirects followed: a 3xx is an answer, like any other status.</li>
 *   <li>A failure before any request byte left — TCP connect, connect timeout, unknown host, TLS
 *       handshake and host name check (all done by {@link HttpURLConnection#connect()}) — is thrown as a
 *       {@link NotSentException}, so that the caller need not guess from JDK messages.</li>
 *   <li>The body, of a 2xx or an error status alike, is handed back unread with no length, so that
 *       Feign never buffers it: the caller reads it (bounded) and closes it, which returns the
 *       connection to the JDK's keep-alive cache when it was read to the end.</li>
 *   <li>A response head that does not come whole within two read timeouts of the request is cut off
 *       ({@link #responseCode}), and so is a connection (for https through a proxy: the proxy's answer
 *       to {@code CONNECT} and the handshake) not set up within the connect timeout and two read
 *       timeouts ({@link #connectOrNotSent}): the read timeout alone bounds each read, not what trickles in.</li>
 * </ul>
 *
 * <p>TLS: for an {@code https} URL the connection gets this client's socket factory and, only when
 * {@code insecure}, a host name verifier that accepts anything — per connection, never the JVM-wide
 * defaults. For {@code http} no TLS class is touched.
 */
final class UrlConnectionClient implements Client {

    /** The response headers the client reads; the others are not copied (see {@link #headers}). */
    private static final List<String> KEPT_RESPONSE_HEADERS = List.of("Content-Type", "Retry-After");

    private final SSLSocketFactory sslSocketFactory;
    private final HostnameVerifier hostnameVerifier;
    private final FixedHeaders fixedHeaders;

    /**
     * @param sslSocketFactory for {@code https} URLs; null for a client of an {@code http} orchestrator
     * @param hostnameVerifier null to keep the JDK's check (JSSE's endpoint identification)
     */
    UrlConnectionClient(SSLSocketFactory sslSocketFactory, HostnameVerifier hostnameVerifier) {
        this(sslSocketFactory, hostnameVerifier, FixedHeaders.NONE);
    }

    private UrlConnectionClient(SSLSocketFactory sslSocketFactory, HostnameVerifier hostnameVerifier, FixedHeaders fixedHeaders) {
        this.sslSocketFactory = sslSocketFactory;
        this.hostnameVerifier = hostnameVerifier;
        this.fixedHeaders = fixedHeaders;
    }

    /**
     * This client, setting these headers on every request (replacing any of the same name). Set here
     * rather than by Feign's templates or a request interceptor, which would parse them on every request
     * (BENCHMARKS.md). Never logged: one of them is the Authorization header.
     */
    UrlConnectionClient withFixedHeaders(FixedHeaders fixedHeaders) {
        return new UrlConnectionClient(sslSocketFactory, hostnameVerifier, fixedHeaders);
    }

    /**
     * The transport for {@code settings}. For an {@code http://} orchestrator no TLS class is loaded at
     * all (not even {@link Tls}): the client follows no redirect and so never speaks TLS there.
     */
    static UrlConnectionClient forSettings(ClientSettings settings) {
        if ("http".equalsIgnoreCase(settings.baseUrl().getScheme())) {
            return new UrlConnectionClient(null, null);
        }
        return Tls.httpsClient(settings.trustStore(), settings.trustStorePassword(), settings.insecure());
    }

    @Override
    public Response execute(Request request, Request.Options options) throws IOException {
        HttpURLConnection connection = open(new URL(request.url()), options.connectTimeoutMillis(),
                options.readTimeoutMillis());
        String method = request.httpMethod().name();
        connection.setRequestMethod(method);
        for (Map.Entry<String, Collection<String>> header : request.headers().entrySet()) {
            String name = header.getKey();
            // The JDK sets these from the body and the connection itself (and ignores Content-Length).
            if (setByTransport(name)) {
                continue;
            }
            for (String value : header.getValue()) {
                connection.addRequestProperty(name, value);
            }
        }
        for (int i = 0; i < fixedHeaders.size(); i++) {
            connection.setRequestProperty(fixedHeaders.name(i), fixedHeaders.value(i));
        }
        byte[] body = request.body();
        if (mayHaveBody(method)) {
            byte[] bytes = body == null ? new byte[0] : body;
            connection.setDoOutput(true);
            // Streaming mode is what stops the JDK's silent re-send (sun.net.www.http.HttpClient.parseHTTP).
            connection.setFixedLengthStreamingMode(bytes.length);
            connectOrNotSent(connection);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
        } else {
            connectOrNotSent(connection);
        }
        int status = responseCode(connection);
        if (status < 0) {
            // Not an HTTP/1.x status line: garbage (or an HTTP/0.9 reply). The request went out.
            connection.disconnect();
            throw new IOException("invalid HTTP response: no status line");
        }
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        return Response.builder()
                .request(request)
                .status(status)
                .reason(connection.getResponseMessage())
                .headers(headers(connection))
                // No length: Feign would otherwise buffer a small body itself, outside our bounded read.
                .body(in == null ? InputStream.nullInputStream() : new ClosingOnce(in), (Integer) null)
                .build();
    }

    /**
     * The status, once the whole response head is in. {@code HttpURLConnection} bounds each read of the
     * head by the read timeout, but not the head as a whole: a proxy or server that sends a byte of it
     * now and then would hold the call, and the agent's heartbeat, for ever. {@link Http1Client} gives a
     * head one read timeout from its first bytes, checked as its reads return; here the JDK reads the
     * head, so the bound is kept from outside ({@link #cutOffAfter}), as two read timeouts from the
     * request's end; the call then fails as a read timeout does.
     */
    static int responseCode(HttpURLConnection connection) throws IOException {
        int readTimeoutMillis = connection.getReadTimeout(); // set by open(), from the call's options
        if (readTimeoutMillis <= 0) {
            return connection.getResponseCode(); // no read timeout configured: no bound at all, as asked
        }
        long limitMillis = 2L * readTimeoutMillis;
        return cutOffAfter(connection, limitMillis, connection::getResponseCode,
                "response head not complete within two read timeouts (" + limitMillis + " ms) of the request");
    }

    /**
     * {@code connect()}, bounded as a whole: the TCP connection and, for https, the TLS handshake, and
     * through a proxy for https also the proxy's answer to {@code CONNECT}, which the JDK reads before
     * the handshake and bounds per read only — a proxy trickling that answer held the call for ever.
     * The bound is the connect timeout and two read timeouts. Nothing of the request has been written
     * yet, whatever fails here.
     */
    static void connectOrNotSent(HttpURLConnection connection) throws NotSentException {
        int connectMillis = connection.getConnectTimeout();
        int readMillis = connection.getReadTimeout();
        try {
            if (connectMillis <= 0 || readMillis <= 0) {
                connection.connect(); // a timeout configured as "for ever": no bound, as asked
                return;
            }
            long limitMillis = connectMillis + 2L * readMillis;
            cutOffAfter(connection, limitMillis, () -> {
                connection.connect();
                return null;
            }, "no connection set up within the connect timeout and two read timeouts (" + limitMillis + " ms)");
        } catch (IOException e) {
            throw new NotSentException(e);
        }
    }

    private interface Exchange<T> {
        T run() throws IOException;
    }

    /**
     * {@code exchange}, or a {@link SocketTimeoutException} saying {@code cutOffMessage} once
     * {@code limitMillis} have passed: then a timer thread drops the connection, which ends the read the
     * exchange is blocked in. The exchange and the timer race on one state, and whichever moves it first
     * wins: a result that is in is never dropped, and an exchange cut off never returns. The timer is one
     * daemon thread, started by the first exchange that needs it and gone when idle.
     */
    private static <T> T cutOffAfter(HttpURLConnection connection, long limitMillis, Exchange<T> exchange, String cutOffMessage)
            throws IOException {
        AtomicInteger state = new AtomicInteger(RUNNING);
        ScheduledFuture<?> cutOff = Timer.TIMER.schedule(() -> {
            if (state.compareAndSet(RUNNING, CUT_OFF)) {
                connection.disconnect();
            }
        }, limitMillis, TimeUnit.MILLISECONDS);
        try {
            T result = exchange.run();
            if (state.compareAndSet(RUNNING, DONE)) {
                return result;
            }
            throw cutOff(cutOffMessage, null);
        } catch (IOException e) {
            if (state.compareAndSet(RUNNING, DONE)) {
                throw e;
            }
            throw cutOff(cutOffMessage, e);
        } finally {
            cutOff.cancel(false);
        }
    }

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int CUT_OFF = 2;

    /**
     * What the dropped connection made the exchange throw ("Socket closed", or an {@code SSLException}
     * for https) is kept as suppressed, not as the cause: the failure is the timeout, and callers classify
     * a failure by its cause chain.
     */
    private static SocketTimeoutException cutOff(String message, IOException dropped) {
        SocketTimeoutException e = new SocketTimeoutException(message);
        if (dropped != null) {
            e.addSuppressed(dropped);
        }
        return e;
    }

    /** Loaded with the first exchange that needs it: a client that never uses a proxy starts no thread. */
    private static final class Timer {
        static final ScheduledThreadPoolExecutor TIMER = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
                Thread t = new Thread(task, "belay-http-cut-off");
                t.setDaemon(true);
                return t;
            });
            timer.setRemoveOnCancelPolicy(true); // a cut-off is cancelled as soon as its exchange is done
            timer.setKeepAliveTime(30, TimeUnit.SECONDS);
            timer.allowCoreThreadTimeOut(true); // a worker stays while a cut-off is pending, and goes when none is
            return timer;
        }
    }

    /** Headers a transport writes itself, from the body and the connection; a request's own are dropped. */
    static boolean setByTransport(String headerName) {
        return headerName.equalsIgnoreCase("Content-Length") || headerName.equalsIgnoreCase("Transfer-Encoding")
                || headerName.equalsIgnoreCase("Host") || headerName.equalsIgnoreCase("Connection");
    }

    /** Whether a request of this method may carry a body, and so is sent with a Content-Length even when empty. */
    static boolean mayHaveBody(String method) {
        return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")
                || method.equals("TRACE") || method.equals("DELETE"));
    }

    /** A configured, not yet connected connection; shared with {@link HttpProbe}. */
    HttpURLConnection open(URL url, int connectTimeoutMillis, int readTimeoutMillis) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setConnectTimeout(connectTimeoutMillis);
        // Bounds every blocking read: the status line, each header read and each body read.
        connection.setReadTimeout(readTimeoutMillis);
        // By the URL, not by instanceof: for http:// not even HttpsURLConnection is loaded.
        if ("https".equalsIgnoreCase(url.getProtocol())) {
            if (sslSocketFactory == null) {
                // The client was built for an http:// URL; https here could only come from a redirect,
                // which is never followed. Refuse rather than fall back to some other trust.
                throw new IOException("this client was built for a plain http:// orchestrator URL: no TLS");
            }
            Https.configure(connection, sslSocketFactory, hostnameVerifier);
        }
        return connection;
    }

    /**
     * Only the headers the client reads: Feign copies the map into a case-insensitive one of its own
     * for every response, and copying every header twice was ~14% of an interpreted heartbeat's CPU.
     */
    private static Map<String, Collection<String>> headers(HttpURLConnection connection) {
        Map<String, Collection<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : KEPT_RESPONSE_HEADERS) {
            String value = connection.getHeaderField(name); // the last one, case-insensitively
            if (value != null) {
                headers.put(name, List.of(value));
            }
        }
        return headers;
    }

    /** Kept apart so that the verifier of an http:// client never resolves a TLS class. */
    private static final class Https {
        static void configure(HttpURLConnection connection, SSLSocketFactory factory, HostnameVerifier verifier) {
            HttpsURLConnection https = (HttpsURLConnection) connection;
            https.setSSLSocketFactory(factory);
            if (verifier != null) {
                https.setHostnameVerifier(verifier);
            }
        }
    }

    /**
     * A failure that certainly happened before any byte of the request was written. The cause is the
     * JDK's exception (connect refused or timed out, unknown host, TLS handshake, host name mismatch).
     */
    static final class NotSentException extends IOException {
        NotSentException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The body is closed after it is read and again with the response: only the first close counts. */
    private static final class ClosingOnce extends FilterInputStream {
        private boolean closed;

        ClosingOnce(InputStream in) {
            super(in);
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                super.close();
            }
        }
    }
}
