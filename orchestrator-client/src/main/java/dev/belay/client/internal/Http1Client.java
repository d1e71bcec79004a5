package dev.belay.client.internal;

import feign.Client;
import feign.Request;
import feign.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The robot API's transport: one HTTP/1.1 request and its response over a plain or TLS socket of our
 * own, kept alive between calls. It exists for the agent's CPU: an agent runs the heartbeat's code once
 * a heartbeat, too rarely for it ever to be compiled, so a heartbeat costs as much as the code it runs,
 * interpreted. Through {@code HttpURLConnection} the exchange was 35–40% of a heartbeat's CPU (URL and
 * URI conversions, the proxy selector, the keep-alive cache, headers through a {@code PrintStream}, the
 * status line read a byte at a time); here it is a few small methods (BENCHMARKS.md, fifth session).
 * It keeps every guarantee of
 * {@link UrlConnectionClient}, which it falls back to for a request that is to go through a proxy:
 *
 * <ul>
 *   <li>Exactly one request: nothing is ever re-sent. A kept-alive connection is checked before it is
 *       used (as the JDK does: a read with a 1 ms timeout must time out) and dropped a second before
 *       the server's {@code Keep-Alive: timeout} (15 s when it says none; see {@link #keepAliveFor}),
 *       so that a connection the server has let go of, or is about to, is not written to.</li>
 *   <li>No redirects followed: a 3xx is an answer, like any other status.</li>
 *   <li>A failure before any request byte left — name resolution, TCP connect, connect timeout, TLS
 *       handshake and host name check — is thrown as a {@link UrlConnectionClient.NotSentException}.
 *       Anything later may follow a request the server has read.</li>
 *   <li>The body, of any status, is handed back unread and with no length. The connection is kept for
 *       the next call only when the body was read to its end and the server did not say
 *       {@code Connection: close}; a body closed early closes the connection.</li>
 *   <li>Every blocking read is bounded by the read timeout: the status line, each header read, each
 *       body read, and the TLS handshake.</li>
 * </ul>
 *
 * <p>What it reads of a response: the status line (any {@code HTTP/} version; interim 1xx responses
 * are skipped), {@code Content-Length}, {@code Transfer-Encoding} (chunked, or anything else read to the
 * end of the connection), {@code Connection}, {@code Keep-Alive}, and {@code Content-Type} and
 * {@code Retry-After}, the two headers the client hands on. The response head is bounded
 * ({@link #MAX_HEAD_BYTES}); conflicting lengths are refused.
 *
 * <p>TLS: a socket of this client's factory, layered over the connected TCP socket (SNI from the host
 * name), with JSSE's endpoint identification ({@code HTTPS}) unless the client is insecure.
 */
final class Http1Client implements Client {

    private static final Logger LOG = LoggerFactory.getLogger(Http1Client.class);

    /**
     * How long a server that does not say ({@code Keep-Alive: timeout}) is taken to keep an idle
     * connection: longer than the agent's default heartbeat interval (10 s), so that an https agent does
     * not pay a TLS handshake for every heartbeat (~10 ms of CPU each, BENCHMARKS.md), and shorter than
     * the common servers' own limits (Tomcat 20 s, Jetty 30 s, nginx 75 s, IIS 120 s). The JDK takes 5 s.
     */
    static final long UNSAID_KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(15);
    /** The most a server's {@code Keep-Alive: timeout} is believed: a NAT box or firewall may drop silently sooner. */
    static final long MAX_KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Taken off the limit, so that a reuse does not race the server's close (see {@link #keepAliveFor}). */
    static final long KEEP_ALIVE_MARGIN_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Status line and headers of one response, together. */
    static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final String USER_AGENT = "Java/" + System.getProperty("java.version");

    private final SSLSocketFactory tls;
    private final boolean jsseChecksHostName;
    private final FixedHeaders fixedHeaders;
    private final Client viaProxy;

    /** {@code -Dhttp.keepAlive=false}, the JDK's switch, turns keeping connections off here too. */
    private final boolean keepAlive = !"false".equalsIgnoreCase(System.getProperty("http.keepAlive"));

    private final Object lock = new Object();
    /** At most one idle connection: the agent makes one call at a time. Guarded by {@link #lock}. */
    private Connection idle;
    /** The last request URL, parsed: the robot API has four, and a heartbeat's repeats all day. */
    private volatile Target lastTarget;
    /**
     * Learnt from a kept-alive connection that the server had closed when it was reused (nothing came
     * back): connections are not kept longer than this again. {@code Long.MAX_VALUE} until then.
     */
    private volatile long learntIdleLimitNanos = Long.MAX_VALUE;
    private final LongSupplier nanoTime;

    /**
     * @param tls for an {@code https} orchestrator; null for {@code http}
     * @param jsseChecksHostName whether each TLS socket asks JSSE to check the host name (endpoint
     *     identification): false for an insecure client, and for a trust that checks it itself ({@link LayeredTrust})
     * @param fixedHeaders written on every request, after the request's own; never logged
     * @param viaProxy the transport for a request that the JVM's proxy selector routes through a proxy
     */
    Http1Client(SSLSocketFactory tls, boolean jsseChecksHostName, FixedHeaders fixedHeaders, Client viaProxy) {
        this(tls, jsseChecksHostName, fixedHeaders, viaProxy, System::nanoTime);
    }

    /** @param nanoTime the clock for idle times (tests) */
    Http1Client(SSLSocketFactory tls, boolean jsseChecksHostName, FixedHeaders fixedHeaders, Client viaProxy,
            LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.tls = tls;
        this.jsseChecksHostName = jsseChecksHostName;
        this.fixedHeaders = fixedHeaders;
        this.viaProxy = viaProxy;
    }

    @Override
    public Response execute(Request request, Request.Options options) throws IOException {
        String method = request.httpMethod().name();
        Target target;
        byte[] bytes;
        try {
            target = target(request.url());
            bytes = requestBytes(request, method, target);
        } catch (IOException e) {
            throw new UrlConnectionClient.NotSentException(e); // a request that cannot be written is never sent
        }
        Connection connection = reused(target);
        long idleNanos = connection == null ? -1 : nanoTime.getAsLong() - connection.idleSince;
        if (connection == null) {
            if (proxied(target)) {
                return viaProxy.execute(request, options);
            }
            connection = open(target, options);
        }
        long received = connection.received;
        try {
            connection.socket.setSoTimeout(options.readTimeoutMillis());
            connection.readTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(options.readTimeoutMillis());
            connection.out.write(bytes);
            connection.out.flush();
            Head head = connection.readHead();
            boolean noBody = method.equals("HEAD") || head.status == 204 || head.status == 304 || head.status < 200
                    || (head.contentLength == 0 && !head.chunked && !head.otherCoding);
            keepAliveFor(connection, head);
            InputStream body = noBody ? InputStream.nullInputStream() : connection.body(head);
            Map<String, Collection<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            if (head.contentType != null) {
                headers.put("Content-Type", List.of(head.contentType));
            }
            if (head.retryAfter != null) {
                headers.put("Retry-After", List.of(head.retryAfter));
            }
            Response response = Response.builder()
                    .request(request)
                    .status(head.status)
                    .reason(head.reason)
                    .headers(headers)
                    // No length: Feign would otherwise buffer a small body itself, outside our bounded read.
                    .body(body, (Integer) null)
                    .build();
            if (noBody) {
                connection.messageEnded(head.reusable());
            }
            return response;
        } catch (IOException | RuntimeException | Error e) {
            connection.close();
            if (idleNanos >= 0 && e instanceof IOException && !(e instanceof SocketTimeoutException)
                    && connection.received == received) {
                learnIdleLimit(idleNanos);
            }
            throw e;
        }
    }

    /**
     * A reused connection failed with nothing received: the server (or something in the way) had let it
     * go after less than {@code idleNanos}. The request still fails — it may have reached the server,
     * and nothing re-sends it — but connections are not kept that long again.
     */
    private void learnIdleLimit(long idleNanos) {
        long limit = Math.max(0, idleNanos - KEEP_ALIVE_MARGIN_NANOS);
        if (limit < learntIdleLimitNanos) {
            learntIdleLimitNanos = limit;
            LOG.debug("a kept-alive connection was gone after {} ms idle; connections are kept at most {} ms from now on",
                    TimeUnit.NANOSECONDS.toMillis(idleNanos), TimeUnit.NANOSECONDS.toMillis(limit));
        }
    }

    /**
     * How long the connection may wait idle for the next call: the server's {@code Keep-Alive: timeout}
     * (at most {@link #MAX_KEEP_ALIVE_NANOS}), or {@link #UNSAID_KEEP_ALIVE_NANOS} when it says nothing,
     * less a second, and never more than a server was seen to keep one. A server that drops an idle
     * connection at its limit would otherwise race the next request: the check before reuse only sees a
     * close that has arrived, and a request that meets one fails as "may have reached" — nothing re-sends
     * it, as the JDK did. The robot API's one call that must not be repeated, consumeNextJob, always
     * follows a heartbeat at once, on a connection that has just carried it.
     */
    private void keepAliveFor(Connection connection, Head head) {
        long said = head.keepAliveNanos < 0 ? UNSAID_KEEP_ALIVE_NANOS : Math.min(head.keepAliveNanos, MAX_KEEP_ALIVE_NANOS);
        connection.keepAliveNanos = Math.min(Math.max(0, said - KEEP_ALIVE_MARGIN_NANOS), learntIdleLimitNanos);
    }

    private Target target(String url) throws IOException {
        Target t = lastTarget;
        if (t == null || !t.url.equals(url)) {
            t = Target.parse(url, tls != null);
            lastTarget = t;
        }
        return t;
    }

    /** The idle connection if it is to this target, still open and not idle for too long; else null. */
    private Connection reused(Target target) {
        Connection c;
        synchronized (lock) {
            c = idle;
            idle = null;
        }
        if (c == null) {
            return null;
        }
        if (c.target.sameOrigin(target) && nanoTime.getAsLong() - c.idleSince < c.keepAliveNanos && c.stillOpen()) {
            return c;
        }
        c.close();
        return null;
    }

    private void release(Connection c) {
        if (!keepAlive) {
            c.close();
            return;
        }
        c.idleSince = nanoTime.getAsLong();
        Connection dropped = c;
        synchronized (lock) {
            if (idle == null) {
                idle = c;
                dropped = null;
            }
        }
        if (dropped != null) {
            dropped.close();
        }
    }

    /** Whether the JVM's proxy settings (system properties, or a proxy selector set by the application) want a proxy. */
    private static boolean proxied(Target target) throws UrlConnectionClient.NotSentException {
        ProxySelector selector = ProxySelector.getDefault();
        if (selector == null) {
            return false;
        }
        try {
            List<Proxy> proxies = selector.select(URI.create(target.scheme + "://" + target.hostForUri + ":" + target.port));
            return proxies != null && !proxies.isEmpty() && proxies.get(0).type() != Proxy.Type.DIRECT;
        } catch (RuntimeException e) {
            throw new UrlConnectionClient.NotSentException(new IOException("proxy selection failed: " + e, e));
        }
    }

    /** TCP connect and, for https, the TLS handshake and host name check: nothing of the request is written yet. */
    private Connection open(Target target, Request.Options options) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(target.host, target.port), options.connectTimeoutMillis());
            if (target.https) {
                if (tls == null) {
                    throw new IOException("this client was built for a plain http:// orchestrator URL: no TLS");
                }
                socket = TlsLayer.handshake(socket, tls, target, jsseChecksHostName, options.readTimeoutMillis());
            }
            return new Connection(target, socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UrlConnectionClient.NotSentException(e);
        } catch (RuntimeException e) {
            // A port out of range, a security manager's veto: still nothing written.
            closeQuietly(socket);
            throw new UrlConnectionClient.NotSentException(new IOException(e.toString(), e));
        } catch (Error e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /** The request head and body in one array: one write, one segment for a small request. */
    private byte[] requestBytes(Request request, String method, Target target) throws IOException {
        StringBuilder head = new StringBuilder(256);
        head.append(method).append(' ').append(target.pathAndQuery).append(" HTTP/1.1\r\nHost: ")
                .append(target.hostHeader).append("\r\n");
        boolean userAgent = false;
        for (Map.Entry<String, Collection<String>> header : request.headers().entrySet()) {
            String name = header.getKey();
            // Set here from the body and the connection, as the JDK does.
            if (UrlConnectionClient.setByTransport(name)) {
                continue;
            }
            if (fixedHeaders.replaces(name)) {
                continue;
            }
            userAgent |= name.equalsIgnoreCase("User-Agent");
            for (String value : header.getValue()) {
                headerLine(head, name, value);
            }
        }
        for (int i = 0; i < fixedHeaders.size(); i++) {
            headerLine(head, fixedHeaders.name(i), fixedHeaders.value(i));
            userAgent |= fixedHeaders.name(i).equalsIgnoreCase("User-Agent");
        }
        if (!keepAlive) {
            headerLine(head, "Connection", "close");
        }
        if (!userAgent) {
            headerLine(head, "User-Agent", USER_AGENT);
        }
        byte[] body = request.body();
        int length = body == null ? 0 : body.length;
        if (UrlConnectionClient.mayHaveBody(method) || length > 0) {
            head.append("Content-Length: ").append(length).append("\r\n");
        }
        head.append("\r\n");
        byte[] bytes = new byte[head.length() + length];
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            bytes[i] = (byte) (c < 0x100 ? c : '?');
        }
        if (length > 0) {
            System.arraycopy(body, 0, bytes, head.length(), length);
        }
        return bytes;
    }

    private static void headerLine(StringBuilder head, String name, String value) throws IOException {
        if (value == null) {
            return;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c == ':' || c >= 0x7f) {
                throw new IOException("invalid request header name");
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IOException("line break in the value of request header " + name);
            }
        }
        head.append(name).append(": ").append(value).append("\r\n");
    }

    /**
     * The transport for {@code settings}. For an {@code http://} orchestrator no TLS class is loaded at
     * all (not even {@link Tls}): the client follows no redirect and so never speaks TLS there.
     */
    static Client forSettings(ClientSettings settings, FixedHeaders fixedHeaders) {
        if ("http".equalsIgnoreCase(settings.baseUrl().getScheme())) {
            return new Http1Client(null, false, fixedHeaders,
                    new UrlConnectionClient(null, null).withFixedHeaders(fixedHeaders));
        }
        return Tls.httpsTransport(settings.trustStore(), settings.trustStorePassword(), settings.insecure(), fixedHeaders);
    }

    /** Kept apart so that the verifier of an http:// client never resolves a TLS class. */
    private static final class TlsLayer {
        /** A TLS socket over {@code tcp}, handshaken; SNI from the host name, as JSSE does for a layered socket. */
        static Socket handshake(Socket tcp, SSLSocketFactory factory, Target target, boolean jsseChecksHostName,
                int timeoutMillis) throws IOException {
            SSLSocket ssl = (SSLSocket) factory.createSocket(tcp, target.host, target.port, true);
            try {
                if (jsseChecksHostName) {
                    SSLParameters parameters = ssl.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    ssl.setSSLParameters(parameters);
                }
                ssl.setSoTimeout(timeoutMillis);
                try {
                    ssl.startHandshake();
                } catch (SocketTimeoutException e) {
                    throw new SSLException("TLS handshake timed out after " + timeoutMillis + " ms", e);
                }
                return ssl;
            } catch (IOException | RuntimeException e) {
                closeQuietly(ssl);
                throw e;
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }

    /** Where a request URL goes. */
    static final class Target {
        final String url;
        final boolean https;
        final String scheme;
        final String host;
        final String hostForUri;
        final int port;
        final String hostHeader;
        final String pathAndQuery;

        private Target(String url, boolean https, String host, String hostForUri, int port, String hostHeader, String pathAndQuery) {
            this.url = url;
            this.https = https;
            this.scheme = https ? "https" : "http";
            this.host = host;
            this.hostForUri = hostForUri;
            this.port = port;
            this.hostHeader = hostHeader;
            this.pathAndQuery = pathAndQuery;
        }

        static Target parse(String url, boolean tlsConfigured) throws IOException {
            URI uri;
            try {
                uri = new URI(url);
            } catch (java.net.URISyntaxException e) {
                throw new IOException("invalid request URL: " + e.getMessage(), e);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean https = scheme.equals("https");
            if (!https && !scheme.equals("http")) {
                throw new IOException("not an http or https URL: " + scheme);
            }
            if (https && !tlsConfigured) {
                throw new IOException("this client was built for a plain http:// orchestrator URL: no TLS");
            }
            String hostForUri = uri.getHost();
            if (hostForUri == null || hostForUri.isEmpty()) {
                throw new IOException("request URL has no host");
            }
            String host = hostForUri.startsWith("[") && hostForUri.endsWith("]")
                    ? hostForUri.substring(1, hostForUri.length() - 1) : hostForUri;
            int defaultPort = https ? 443 : 80;
            int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
            String hostHeader = port == defaultPort ? hostForUri : hostForUri + ":" + port;
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String pathAndQuery = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
            return new Target(url, https, host, hostForUri, port, hostHeader, pathAndQuery);
        }

        boolean sameOrigin(Target other) {
            return https == other.https && port == other.port && host.equalsIgnoreCase(other.host);
        }
    }

    /** A response's status line and the headers this client reads. */
    static final class Head {
        int status;
        String reason = "";
        boolean http10;
        long contentLength = -1;
        boolean chunked;
        /** A Transfer-Encoding other than chunked last: the body runs to the end of the connection. */
        boolean otherCoding;
        boolean close;
        boolean keepAliveToken;
        /** The server's {@code Keep-Alive: timeout}; -1 when it said none. */
        long keepAliveNanos = -1;
        String contentType;
        String retryAfter;

        /**
         * Whether the connection may carry another request after this reply's body. Not after
         * {@code Connection: close}, an HTTP/1.0 reply without keep-alive, a protocol switch, or a reply
         * that gives both a length and a transfer coding (RFC 9112 §6.1: a sign of request smuggling).
         */
        boolean reusable() {
            boolean coded = chunked || otherCoding;
            return !close && !(http10 && !keepAliveToken) && status != 101 && !(coded && (contentLength >= 0 || http10));
        }
    }

    /** One socket, its read buffer, and what the last response said about keeping it. */
    final class Connection {
        final Target target;
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final byte[] buffer = new byte[8192];
        int position;
        int limit;
        long idleSince;
        long keepAliveNanos;
        /** Bytes read from the socket so far: whether an exchange got anything back. */
        long received;
        /** The call's read timeout: each read's limit, and the whole response head's from its first bytes. */
        long readTimeoutNanos;
        private boolean readingHead;
        private boolean headStarted;
        private long headDeadline;
        private boolean closed;

        Connection(Target target, Socket socket) throws IOException {
            this.target = target;
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /**
         * Whether the server still holds this idle connection: as the JDK checks, a read that waits 1 ms
         * must time out. End of stream means the server closed it; bytes mean it said something unasked
         * (a 408, say) and will close it. A failed check closes nothing here: the caller does. (A
         * non-blocking read of a channel would save the exception, but measured no better, and for TLS
         * it would take the records that follow the handshake, TLS 1.3 session tickets, for data.)
         */
        boolean stillOpen() {
            if (position < limit) {
                return false;
            }
            try {
                socket.setSoTimeout(1);
                in.read(buffer, 0, buffer.length);
                return false; // end of stream, or bytes nobody asked for
            } catch (SocketTimeoutException expected) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        /**
         * The status line and headers, interim responses skipped. Each read waits at most the read timeout,
         * and each head must be in within one read timeout of its first bytes: a server (or a box on the
         * way) that trickles one a byte at a time, each just within the timeout, would otherwise hold the
         * call for up to 64 Ki read timeouts. The body has the same bound ({@code FeignOrchestratorClient}).
         * An interim response (a {@code 102 Processing} now and then while the server works) starts the
         * next head's time afresh; all of them together stay within the head's 64 KiB.
         */
        Head readHead() throws IOException {
            readingHead = true;
            try {
                return readHeads();
            } finally {
                readingHead = false;
            }
        }

        private Head readHeads() throws IOException {
            int budget = MAX_HEAD_BYTES;
            while (true) {
                headStarted = false;
                Head head = new Head();
                String statusLine = readLine(budget, "before a status line");
                budget -= statusLine.length() + 2;
                parseStatusLine(statusLine, head);
                while (true) {
                    String line = readLine(budget, "in the response head");
                    budget -= line.length() + 2;
                    if (line.isEmpty()) {
                        break;
                    }
                    header(line, head);
                }
                // Interim responses (100 Continue, 102, 103) precede the real one; 101 would switch protocols.
                if (head.status >= 100 && head.status < 200 && head.status != 101) {
                    continue;
                }
                return head;
            }
        }

        private void parseStatusLine(String line, Head head) throws IOException {
            // "HTTP/1.1 200 OK": any version, three digits, and a reason that may be empty or missing.
            int space = line.indexOf(' ');
            if (!line.startsWith("HTTP/") || space < 0 || line.length() < space + 4
                    || (line.length() > space + 4 && line.charAt(space + 4) != ' ')) {
                throw new IOException("invalid HTTP response: no status line");
            }
            int status = 0;
            for (int i = space + 1; i < space + 4; i++) {
                char c = line.charAt(i);
                if (c < '0' || c > '9') {
                    throw new IOException("invalid HTTP response: no status line");
                }
                status = status * 10 + (c - '0');
            }
            if (status < 100) {
                throw new IOException("invalid HTTP response: no status line");
            }
            head.status = status;
            head.reason = space + 5 <= line.length() ? line.substring(space + 5).trim() : "";
            head.http10 = line.startsWith("HTTP/1.0 ");
        }

        private void header(String line, Head head) throws IOException {
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                return; // not a header (an obsolete folded line, or junk): nothing this client reads
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                // One value, or a list of identical ones (RFC 9110 §8.6); anything else is refused.
                for (String item : value.split(",")) {
                    long length;
                    try {
                        length = Long.parseLong(item.trim());
                    } catch (NumberFormatException e) {
                        throw new IOException("invalid HTTP response: Content-Length " + value);
                    }
                    if (length < 0 || (head.contentLength >= 0 && head.contentLength != length)) {
                        throw new IOException("invalid HTTP response: conflicting or negative Content-Length");
                    }
                    head.contentLength = length;
                }
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                // "identity" is no coding at all (an old spelling some servers still send).
                String last = null;
                for (String token : value.split(",")) {
                    String t = token.trim();
                    if (!t.isEmpty() && !t.equalsIgnoreCase("identity")) {
                        last = t;
                    }
                }
                if (last != null) {
                    head.chunked = last.equalsIgnoreCase("chunked");
                    head.otherCoding = !head.chunked;
                }
            } else if (name.equalsIgnoreCase("Connection")) {
                for (String token : value.split(",")) {
                    String t = token.trim();
                    head.close |= t.equalsIgnoreCase("close");
                    head.keepAliveToken |= t.equalsIgnoreCase("keep-alive");
                }
            } else if (name.equalsIgnoreCase("Keep-Alive")) {
                for (String parameter : value.split(",")) {
                    String p = parameter.trim();
                    if (p.regionMatches(true, 0, "timeout=", 0, 8)) {
                        try {
                            long seconds = Long.parseLong(p.substring(8).trim());
                            head.keepAliveNanos = TimeUnit.SECONDS.toNanos(Math.max(0, Math.min(seconds, 3600)));
                        } catch (NumberFormatException e) {
                            // advice only
                        }
                    }
                }
            } else if (name.equalsIgnoreCase("Content-Type")) {
                head.contentType = value; // the last one, as HttpURLConnection.getHeaderField gave
            } else if (name.equalsIgnoreCase("Retry-After")) {
                head.retryAfter = value;
            }
        }

        /** A line without its CR LF, in ISO-8859-1; at most {@code budget} bytes; {@code where} for messages. */
        private String readLine(int budget, String where) throws IOException {
            StringBuilder line = null;
            while (true) {
                if (position == limit && !fill()) {
                    throw new IOException("invalid HTTP response: connection closed " + where);
                }
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                int end = position;
                boolean complete = position < limit;
                if (complete) {
                    position++; // the LF
                }
                int length = end - start + (line == null ? 0 : line.length());
                if (length > budget) {
                    throw new IOException("invalid HTTP response: line too long " + where);
                }
                if (complete && line == null) {
                    int e = end > start && buffer[end - 1] == '\r' ? end - 1 : end;
                    return new String(buffer, start, e - start, StandardCharsets.ISO_8859_1);
                }
                if (line == null) {
                    line = new StringBuilder();
                }
                line.append(new String(buffer, start, end - start, StandardCharsets.ISO_8859_1));
                if (complete) {
                    int l = line.length();
                    if (l > 0 && line.charAt(l - 1) == '\r') {
                        line.setLength(l - 1);
                    }
                    return line.toString();
                }
            }
        }

        /** Reads more into the empty buffer; false at the end of the stream. */
        boolean fill() throws IOException {
            int n = in.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return false;
            }
            received += n;
            position = 0;
            limit = n;
            if (readingHead && readTimeoutNanos > 0) {
                long now = nanoTime.getAsLong();
                if (!headStarted) {
                    headStarted = true;
                    headDeadline = now + readTimeoutNanos;
                } else if (now - headDeadline > 0) {
                    throw new SocketTimeoutException("response head not complete within the read timeout ("
                            + TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos) + " ms) of its first bytes");
                }
            }
            return true;
        }

        /** The body of a reply that has one (by its status and the request's method). */
        InputStream body(Head head) {
            if (head.chunked) {
                return new Chunked(this, head.reusable());
            }
            if (head.otherCoding || head.contentLength < 0) {
                return new ToTheEnd(this);
            }
            return new Fixed(this, head.contentLength, head.reusable());
        }

        /**
         * The reply has been read to its end: the connection goes back for the next call if it may
         * and nothing follows the reply (bytes nobody asked for mean a confused exchange); else it is
         * closed.
         */
        void messageEnded(boolean reusable) {
            if (reusable && position == limit) {
                release(this);
            } else {
                close();
            }
        }

        /** The next byte, or -1 at the end of the stream. */
        int readByte() throws IOException {
            if (position == limit && !fill()) {
                return -1;
            }
            return buffer[position++] & 0xff;
        }

        /** Up to {@code length} bytes from the buffer or, when it is empty, one read of the socket; -1 at its end. */
        int read(byte[] into, int offset, int length) throws IOException {
            if (position == limit) {
                if (length >= buffer.length) {
                    int n = in.read(into, offset, length);
                    if (n > 0) {
                        received += n;
                    }
                    return n;
                }
                if (!fill()) {
                    return -1;
                }
            }
            int n = Math.min(length, limit - position);
            System.arraycopy(buffer, position, into, offset, n);
            position += n;
            return n;
        }

        void close() {
            if (!closed) {
                closed = true;
                closeQuietly(socket);
            }
        }
    }

    /** A body stream: the connection goes back for reuse when the body is read to its end, else it is closed. */
    private abstract class Body extends InputStream {
        final Connection connection;
        final boolean reusable;
        boolean done;
        boolean closed;

        Body(Connection connection, boolean reusable) {
            this.connection = connection;
            this.reusable = reusable;
        }

        private final byte[] one = new byte[1];

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("response body closed");
            }
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            try {
                int n = next(b, off, len);
                if (n == -1 || atEnd()) {
                    finished();
                }
                return n;
            } catch (IOException | RuntimeException e) {
                done = true;
                connection.close();
                throw e;
            }
        }

        /** The next bytes of the body, or -1 after its last byte (and whatever ends it) has been read. */
        abstract int next(byte[] b, int off, int len) throws IOException;

        /** Whether the body is known to be complete without another read (a caller need not read -1 first). */
        boolean atEnd() {
            return false;
        }

        private void finished() {
            done = true;
            connection.messageEnded(reusable);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                if (!done) {
                    done = true;
                    connection.close();
                }
            }
        }
    }

    private final class Fixed extends Body {
        private long remaining;

        Fixed(Connection connection, long length, boolean reusable) {
            super(connection, reusable);
            this.remaining = length;
        }

        @Override
        int next(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = connection.read(b, off, (int) Math.min(len, remaining));
            if (n == -1) {
                throw new IOException("connection closed " + remaining + " bytes before the end of the response body");
            }
            remaining -= n;
            return n;
        }

        @Override
        boolean atEnd() {
            return remaining == 0;
        }
    }

    private final class ToTheEnd extends Body {
        ToTheEnd(Connection connection) {
            super(connection, false);
        }

        @Override
        int next(byte[] b, int off, int len) throws IOException {
            return connection.read(b, off, len);
        }
    }

    /** {@code Transfer-Encoding: chunked}: sizes in hex, extensions ignored, trailers read and dropped. */
    private final class Chunked extends Body {
        private long remaining; // of the current chunk
        private boolean first = true;

        Chunked(Connection connection, boolean reusable) {
            super(connection, reusable);
        }

        @Override
        int next(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                if (!first) {
                    endOfLine(); // the CRLF after a chunk's data
                }
                first = false;
                remaining = chunkSize();
                if (remaining == 0) {
                    // Trailers, up to the empty line.
                    int budget = MAX_HEAD_BYTES;
                    String line;
                    while (!(line = connection.readLine(budget, "in the trailers of a chunked body")).isEmpty()) {
                        budget -= line.length() + 2;
                    }
                    return -1;
                }
            }
            int n = connection.read(b, off, (int) Math.min(len, remaining));
            if (n == -1) {
                throw new IOException("connection closed inside a chunk of the response body");
            }
            remaining -= n;
            return n;
        }

        /** The CRLF (or a bare LF) that ends a chunk's data. */
        private void endOfLine() throws IOException {
            int b = connection.readByte();
            if (b == '\r') {
                b = connection.readByte();
            }
            if (b != '\n') {
                throw new IOException("invalid chunked response body: no line end after a chunk");
            }
        }

        private long chunkSize() throws IOException {
            String line = connection.readLine(1024, "before a chunk size line");
            int end = line.indexOf(';');
            String hex = (end < 0 ? line : line.substring(0, end)).trim();
            if (hex.isEmpty() || hex.length() > 15) {
                throw new IOException("invalid chunked response body: chunk size '" + hex + "'");
            }
            long size = 0;
            for (int i = 0; i < hex.length(); i++) {
                int digit = Character.digit(hex.charAt(i), 16);
                if (digit < 0) {
                    throw new IOException("invalid chunked response body: chunk size '" + hex + "'");
                }
                size = size * 16 + digit;
            }
            return size;
        }
    }
}
