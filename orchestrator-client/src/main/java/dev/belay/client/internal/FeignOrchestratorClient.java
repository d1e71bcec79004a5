package dev.belay.client.internal;

import dev.belay.client.ConsumeReply;
import dev.belay.client.Endpoint;
import dev.belay.client.Heartbeat;
import dev.belay.client.HeartbeatReply;
import dev.belay.client.JobStatus;
import dev.belay.client.JobUpdateStyle;
import dev.belay.client.OrchestratorClient;
import dev.belay.client.OrchestratorException;
import dev.belay.client.RobotStatus;
import feign.Feign;
import feign.FeignException;
import feign.Request;
import feign.Response;
import feign.RetryableException;
import feign.Retryer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Feign-backed implementation: Feign over a blocking HTTP/1.1 exchange of our own
 * ({@link Http1Client}: never re-sends, no redirects; {@link UrlConnectionClient} for a request that
 * goes through a proxy), {@link Retryer#NEVER_RETRY}, our own form encoder and fixed headers. Each call
 * makes exactly one request, on the caller's thread; what went wrong is sorted here into the four
 * {@link OrchestratorException} kinds.
 *
 * <p>Logging: DEBUG one line per call (endpoint, status or failure kind, duration), TRACE the decoded
 * reply. Neither the robot GUID nor the Authorization header is ever logged or put in a message.
 */
public final class FeignOrchestratorClient implements OrchestratorClient {

    private static final Logger LOG = LoggerFactory.getLogger(FeignOrchestratorClient.class);

    /** A reply bigger than this is not a robot API reply; refusing it bounds memory. */
    static final int MAX_REPLY_BYTES = 32 * 1024 * 1024;
    /** Enough of an error body for an excerpt. */
    private static final int MAX_ERROR_BODY_BYTES = 16 * 1024;

    private final ClientSettings settings;
    private final RobotApi api;
    private final ReplyDecoder decoder;
    private final List<String> secrets;
    private final Clock clock;

    public FeignOrchestratorClient(ClientSettings settings) {
        this(settings, Clock.systemUTC());
    }

    FeignOrchestratorClient(ClientSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        String token = Base64.getEncoder().encodeToString(settings.robotGuid().getBytes(StandardCharsets.UTF_8));
        // Never to be shown: the GUID (matched in any casing) and its base64 token.
        this.secrets = List.of(settings.robotGuid(), token);
        this.decoder = new ReplyDecoder(secrets);
        String authorization = settings.authScheme().headerWord() + " " + token;

        if (settings.insecure()) {
            LOG.warn("TLS certificate and host name checks are OFF for {} (insecure): anyone on the network path "
                    + "can read and change this robot's traffic", settings.baseUrl());
        }
        this.api = Feign.builder()
                // For http:// no TLS class is touched at all (Http1Client.forSettings).
                .client(Http1Client.forSettings(settings, FixedHeaders.NONE
                        .with("Content-Type", Form.CONTENT_TYPE)
                        .with("Accept", "application/json")
                        .with("Authorization", authorization)))
                .options(new Request.Options(settings.connectTimeout(), settings.readTimeout(), false))
                .retryer(Retryer.NEVER_RETRY)
                .encoder(new FormEncoder())
                .target(RobotApi.class, baseUrl(settings));
        LOG.debug("orchestrator client ready: {}", settings);
    }

    /** The base URL without trailing slashes, so that a path prefix ({@code https://h/orch}) is kept. */
    private static String baseUrl(ClientSettings settings) {
        String url = settings.baseUrl().toString();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url;
    }

    @Override
    public HeartbeatReply heartbeat(Heartbeat heartbeat) {
        Objects.requireNonNull(heartbeat, "heartbeat");
        Form form = new Form()
                .add("RobotGUID", settings.robotGuid())
                .add("Machine", heartbeat.machine())
                .add("IP", heartbeat.ip())
                .add("MAC", heartbeat.mac())
                .add("Status", heartbeat.status().code())
                .add("JobGUID", heartbeat.jobGuid())
                .add("JobName", heartbeat.jobName())
                .add("JobType", 1); // always "Orchestrated"
        return call(Endpoint.HEARTBEAT, () -> api.heartbeat(form), body -> {
            try {
                return decoder.heartbeat(body);
            } catch (ReplyDecoder.UnreadableException e) {
                throw unreadable(Endpoint.HEARTBEAT, e);
            }
        });
    }

    @Override
    public ConsumeReply consumeNextJob(RobotStatus status) {
        Objects.requireNonNull(status, "status");
        Form form = new Form()
                .add("RobotGUID", settings.robotGuid())
                .add("Status", status.code());
        return call(Endpoint.CONSUME_NEXT_JOB, () -> api.consumeNextJob(form), body -> {
            try {
                return decoder.consume(body);
            } catch (ReplyDecoder.UnreadableException e) {
                throw unreadable(Endpoint.CONSUME_NEXT_JOB, e);
            }
        });
    }

    @Override
    public void updateJob(String jobGuid, JobStatus status) {
        Objects.requireNonNull(jobGuid, "jobGuid");
        Objects.requireNonNull(status, "status");
        JobUpdateStyle style = settings.jobUpdateStyle();
        Form form = new Form()
                .add(style.guidField(), jobGuid)
                .add(style.statusField(), status.code());
        // Any 2xx is success; the body ("[]" in the reference) is not read at all.
        call(Endpoint.UPDATE_JOB,
                () -> style.method() == JobUpdateStyle.Method.PUT ? api.updateJobPut(form) : api.updateJobPost(form),
                null);
    }

    private interface Exchange {
        Response send();
    }

    /**
     * One request. {@code decode} is null when the body of a 2xx is not interpreted.
     */
    private <T> T call(Endpoint endpoint, Exchange exchange, Function<String, T> decode) {
        long started = System.nanoTime();
        Response response;
        try {
            response = exchange.send();
        } catch (RetryableException e) {
            // Feign wraps the IOException of the HTTP client: the cause says whether anything was sent.
            throw ioFailure(endpoint, e.getCause() != null ? e.getCause() : e, started);
        } catch (FeignException e) {
            // Nothing else is expected (Feign reads no body here: see the client in the constructor);
            // whatever it is, the request may have gone out.
            throw ioFailure(endpoint, e.getCause() != null ? e.getCause() : e, started);
        }
        try (response) {
            int status = response.status();
            if (!is2xx(status)) {
                String body = readQuietly(response, MAX_ERROR_BODY_BYTES);
                OrchestratorException.HttpError error = new OrchestratorException.HttpError(endpoint, status,
                        Failures.excerpt(body, secrets),
                        Failures.retryAfter(firstHeader(response, "Retry-After"), clock.instant()));
                logFailure(endpoint, "HTTP error", error, started);
                throw error;
            }
            if (decode == null) {
                // The body of a 2xx is not interpreted — but an HTML page is not the robot API's answer at
                // all: a proxy or a login portal answered in its place, and the update did not arrive.
                String type = firstHeader(response, "Content-Type");
                if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("text/html")) {
                    OrchestratorException.UnreadableReply error = new OrchestratorException.UnreadableReply(endpoint,
                            "unreadable reply from " + endpoint.path() + ": an HTML page (HTTP " + status
                                    + "), not the robot API's answer: a proxy or login page may be in the way", null);
                    logFailure(endpoint, "unreadable reply", error, started);
                    throw error;
                }
                logOutcome(endpoint, "HTTP " + status, started);
                return null;
            }
            String body;
            try {
                body = read(response);
            } catch (ReplyTooLarge e) {
                OrchestratorException.UnreadableReply error = new OrchestratorException.UnreadableReply(endpoint,
                        "unreadable reply from " + endpoint.path() + ": " + e.getMessage(), null);
                logFailure(endpoint, "unreadable reply", error, started);
                throw error;
            } catch (IOException e) {
                throw ioFailure(endpoint, e, started);
            }
            T reply;
            try {
                reply = decode.apply(body);
            } catch (OrchestratorException.UnreadableReply e) {
                logFailure(endpoint, "unreadable reply", e, started);
                throw e;
            }
            logOutcome(endpoint, "HTTP " + status, started);
            LOG.trace("{} reply: {}", endpoint, reply);
            return reply;
        }
    }

    private OrchestratorException ioFailure(Endpoint endpoint, Throwable cause, long started) {
        Failures.Classified c = Failures.classify(cause);
        String message = endpoint.path() + ": " + Failures.redact(c.reason(), secrets);
        // The cause is the JDK's exception, never Feign's: a FeignException holds the Request, whose
        // body and headers carry the robot GUID.
        Throwable safeCause = cause instanceof FeignException ? null : cause;
        OrchestratorException e = c.kind() == Failures.IoKind.NOT_SENT
                ? new OrchestratorException.NotSent(endpoint, "not sent: " + message, safeCause)
                : new OrchestratorException.NoReply(endpoint, "no reply: " + message, safeCause);
        logFailure(endpoint, c.kind() == Failures.IoKind.NOT_SENT ? "not sent" : "no reply", e, started);
        return e;
    }

    private OrchestratorException.UnreadableReply unreadable(Endpoint endpoint, ReplyDecoder.UnreadableException e) {
        return new OrchestratorException.UnreadableReply(endpoint,
                "unreadable reply from " + endpoint.path() + ": " + Failures.redact(e.getMessage(), secrets), null);
    }

    private static void logOutcome(Endpoint endpoint, String outcome, long started) {
        LOG.debug("{} {} in {} ms", endpoint, outcome, (System.nanoTime() - started) / 1_000_000);
    }

    private static void logFailure(Endpoint endpoint, String kind, Exception e, long started) {
        LOG.debug("{} failed ({}) in {} ms: {}", endpoint, kind, (System.nanoTime() - started) / 1_000_000, e.getMessage());
    }

    private static boolean is2xx(int status) {
        return status >= 200 && status < 300;
    }

    private static String firstHeader(Response response, String name) {
        for (var e : response.headers().entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                Collection<String> values = e.getValue();
                return values.isEmpty() ? null : values.iterator().next();
            }
        }
        return null;
    }

    /**
     * Reads a 2xx body completely, at most {@link #MAX_REPLY_BYTES}.
     */
    private String read(Response response) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        readGuarded(response, out, MAX_REPLY_BYTES, true);
        return out.toString(charset(response));
    }

    /** At most {@code limit} bytes of an error body; a body that breaks off or stalls yields what came. */
    private String readQuietly(Response response, int limit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            readGuarded(response, out, limit, false);
        } catch (IOException e) {
            LOG.debug("error body broke off after {} bytes: {}", out.size(), e.toString());
        }
        return out.toString(charset(response));
    }

    /**
     * The socket's read timeout bounds each blocking read of the body, so a body that stalls fails by
     * itself. A server that trickles (a byte every few seconds) would pass every single read, so the
     * whole body is also bounded: once the read timeout has passed since the body's first read, the
     * next read that returns ends it. Worst case for the body: 2 × read timeout; no watchdog thread.
     */
    private void readGuarded(Response response, ByteArrayOutputStream out, int limit, boolean tooLargeIsError)
            throws IOException {
        if (response.body() == null) {
            return;
        }
        long deadline = System.nanoTime() + settings.readTimeout().toNanos();
        try (InputStream in = response.body().asInputStream()) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) != -1) {
                if (out.size() + n > limit) {
                    if (tooLargeIsError) {
                        throw new ReplyTooLarge();
                    }
                    out.write(buf, 0, limit - out.size());
                    return;
                }
                out.write(buf, 0, n);
                if (System.nanoTime() - deadline > 0) {
                    throw new SocketTimeoutException("reply body not complete within the read timeout");
                }
            }
        }
    }

    /** Not an I/O failure but a reply that is not a robot API reply; kept apart to be reported as such. */
    private static final class ReplyTooLarge extends IOException {
        ReplyTooLarge() {
            super("reply exceeds " + MAX_REPLY_BYTES + " bytes");
        }
    }

    /** The charset the Content-Type names, else UTF-8 (JSON's encoding). */
    private static Charset charset(Response response) {
        String type = firstHeader(response, "Content-Type");
        if (type != null) {
            for (String part : type.split(";")) {
                String p = part.trim();
                if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                    try {
                        return Charset.forName(p.substring(8).replace("\"", "").trim());
                    } catch (RuntimeException e) {
                        break;
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    @Override
    public String toString() {
        return "FeignOrchestratorClient[" + settings + "]";
    }
}
