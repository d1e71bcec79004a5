package dev.belay.client.internal;

import dev.belay.client.OrchestratorProbe;
import dev.belay.client.ProbeResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * {@link OrchestratorProbe} over a blocking {@code HttpURLConnection} with the client's own TLS trust.
 * One GET, no redirects followed. GET is not in streaming mode, so the JDK may re-send it once after a
 * reset or an empty reply; the probe's GET changes nothing on the server, so that is harmless.
 */
public final class HttpProbe implements OrchestratorProbe {

    private final ClientSettings settings;
    private final UrlConnectionClient transport;

    /**
     * @throws IllegalArgumentException if the TLS trust cannot be set up (an unreadable trust store):
     *                                  a configuration problem, told at once rather than as a probe
     *                                  result that would read as a network one
     */
    public HttpProbe(ClientSettings settings) {
        this.settings = settings;
        this.transport = UrlConnectionClient.forSettings(settings);
    }

    @Override
    public ProbeResult probe() {
        String token = Base64.getEncoder().encodeToString(settings.robotGuid().getBytes(StandardCharsets.UTF_8));
        String base = settings.baseUrl().toString().replaceAll("/+$", "");
        long started = System.nanoTime();
        HttpURLConnection connection = null;
        try {
            connection = transport.open(new URL(base + PATH),
                    (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()),
                    (int) Math.min(Integer.MAX_VALUE, settings.readTimeout().toMillis()));
            connection.setRequestMethod("GET");
            connection.setRequestProperty("Authorization", settings.authScheme().headerWord() + " " + token);
            UrlConnectionClient.connectOrNotSent(connection);
            int status = UrlConnectionClient.responseCode(connection);
            if (status < 0) {
                throw new IOException("invalid HTTP response: no status line");
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            drain(status >= 400 ? connection.getErrorStream() : connection.getInputStream());
            return new ProbeResult.Answered(status, took);
        } catch (IOException | RuntimeException e) {
            if (connection != null) {
                connection.disconnect();
            }
            return classify(e instanceof UrlConnectionClient.NotSentException && e.getCause() != null ? e.getCause() : e);
        }
    }

    /** The body is not looked at; a little of it is read so the connection closes cleanly, no more. */
    private static void drain(InputStream in) {
        if (in == null) {
            return;
        }
        try (in) {
            in.readNBytes(64 * 1024);
        } catch (IOException e) {
            // the status is the answer; a body that breaks off changes nothing
        }
    }

    static ProbeResult.Failed classify(Throwable e) {
        if (has(e, UnknownHostException.class)) {
            return new ProbeResult.Failed(ProbeResult.Problem.UNKNOWN_HOST, "the host name does not resolve");
        }
        if (e instanceof SocketTimeoutException && "connect timed out".equals(e.getMessage())) {
            return new ProbeResult.Failed(ProbeResult.Problem.CONNECT_TIMEOUT, "no connection within the connect timeout");
        }
        if (e instanceof ConnectException || has(e, ConnectException.class) || e instanceof NoRouteToHostException) {
            return new ProbeResult.Failed(ProbeResult.Problem.REFUSED, "connection refused");
        }
        if (has(e, CertificateException.class) || has(e, SSLPeerUnverifiedException.class)
                || String.valueOf(e.getMessage()).startsWith("HTTPS hostname wrong")
                || (has(e, SSLHandshakeException.class) && String.valueOf(rootMessage(e)).matches("(?is).*(certif|PKIX|subject alternative).*"))) {
            return new ProbeResult.Failed(ProbeResult.Problem.CERTIFICATE_NOT_TRUSTED, String.valueOf(rootMessage(e)));
        }
        if (has(e, SSLException.class)) {
            return new ProbeResult.Failed(ProbeResult.Problem.TLS_FAILED, String.valueOf(rootMessage(e)));
        }
        return new ProbeResult.Failed(ProbeResult.Problem.NO_REPLY, e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        String message = t.getMessage();
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (c.getMessage() != null) {
                message = c.getMessage();
            }
        }
        return message;
    }
}
