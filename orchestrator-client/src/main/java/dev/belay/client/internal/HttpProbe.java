package dev.belay.client.internal;

import dev.belay.client.OrchestratorProbe;
import dev.belay.client.ProbeResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/** {@link OrchestratorProbe} over java.net.http with the client's own TLS trust. */
public final class HttpProbe implements OrchestratorProbe {

    private final ClientSettings settings;

    public HttpProbe(ClientSettings settings) {
        this.settings = settings;
    }

    @Override
    public ProbeResult probe() {
        String token = Base64.getEncoder().encodeToString(settings.robotGuid().getBytes(StandardCharsets.UTF_8));
        String base = settings.baseUrl().toString().replaceAll("/+$", "");
        long started = System.nanoTime();
        try {
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(settings.connectTimeout())
                    .sslContext(Tls.context(settings.baseUrl(), settings.trustStore(), settings.trustStorePassword(), settings.insecure()))
                    .build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + PATH))
                    .timeout(settings.readTimeout())
                    .header("Authorization", settings.authScheme().headerWord() + " " + token)
                    .GET().build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            return new ProbeResult.Answered(response.statusCode(), Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProbeResult.Failed(ProbeResult.Problem.NO_REPLY, "interrupted");
        } catch (IOException | RuntimeException e) {
            return classify(e);
        }
    }

    static ProbeResult.Failed classify(Throwable e) {
        if (has(e, UnresolvedAddressException.class) || has(e, UnknownHostException.class)) {
            return new ProbeResult.Failed(ProbeResult.Problem.UNKNOWN_HOST, "the host name does not resolve");
        }
        if (e instanceof HttpConnectTimeoutException) {
            return new ProbeResult.Failed(ProbeResult.Problem.CONNECT_TIMEOUT, "no connection within the connect timeout");
        }
        if (e instanceof ConnectException || has(e, ConnectException.class)) {
            return new ProbeResult.Failed(ProbeResult.Problem.REFUSED, "connection refused");
        }
        if (has(e, CertificateException.class) || has(e, SSLPeerUnverifiedException.class)
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
