package dev.belay.testkit.fake;

import com.github.tomakehurst.wiremock.http.Fault;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the fake does instead of (or on top of) its normal reply to a request selected by a
 * {@link When}. Immutable.
 *
 * <p>Whether the request takes effect on the server is explicit: a fault either hits <em>before</em>
 * the fake processes the request (nothing changes: no job consumed, no status recorded, no
 * heartbeat counted for abort triggers) or <em>after commit</em> (the state changes as for a normal
 * request, then the client gets the fault instead of the reply: "commit then lose the reply").
 * Every fault hits before processing unless made with {@link #afterCommit()}; the exceptions are
 * {@link #commitThenLoseReply()} and {@link #delay(Duration)}, which model a slow server that does
 * the work and answers late. The journal records every request either way.
 */
public final class FakeFault {

    private final String description;
    private final Fault wireFault;
    private final Integer status;
    private final Map<String, String> headers;
    private final byte[] body;
    private final Duration delay;
    private final boolean commits;

    private FakeFault(String description, Fault wireFault, Integer status, Map<String, String> headers,
                      byte[] body, Duration delay, boolean commits) {
        this.description = description;
        this.wireFault = wireFault;
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.body = body;
        this.delay = delay;
        this.commits = commits;
    }

    /** One of WireMock's socket-level faults, before the request is processed. */
    public static FakeFault wire(Fault fault) {
        Objects.requireNonNull(fault, "fault");
        return new FakeFault(fault.name(), fault, null, Map.of(), null, null, false);
    }

    /** TCP reset instead of a reply; the request had no effect. */
    public static FakeFault connectionReset() {
        return wire(Fault.CONNECTION_RESET_BY_PEER);
    }

    /** The connection closes with no bytes sent; the request had no effect. */
    public static FakeFault emptyResponse() {
        return wire(Fault.EMPTY_RESPONSE);
    }

    /** A 200 whose chunked body is broken; the request had no effect. */
    public static FakeFault malformedResponseChunk() {
        return wire(Fault.MALFORMED_RESPONSE_CHUNK);
    }

    /** Random bytes, then close; the request had no effect. */
    public static FakeFault randomDataThenClose() {
        return wire(Fault.RANDOM_DATA_THEN_CLOSE);
    }

    /**
     * The server does the work, then the client gets a TCP reset: a consumed job the robot never
     * learns of, or a job status recorded although the robot saw the update fail.
     */
    public static FakeFault commitThenLoseReply() {
        return connectionReset().afterCommit();
    }

    /** An HTTP error with a short JSON body in the style of an ASP.NET error. */
    public static FakeFault httpError(int status) {
        return httpError(status, "application/json; charset=utf-8",
                "{\"Message\":\"An error has occurred.\",\"ExceptionMessage\":\"fake fault " + status + "\"}");
    }

    /** An HTTP reply with the given status, content type and body, before the request is processed. */
    public static FakeFault httpError(int status, String contentType, String body) {
        return reply(status, contentType, body.getBytes(StandardCharsets.UTF_8))
                .describedAs("HTTP " + status);
    }

    /** An HTML error page such as a reverse proxy sends (502/503/504 from nginx or IIS). */
    public static FakeFault htmlPage(int status) {
        String html = "<!DOCTYPE html>\n<html><head><title>" + status + " Error</title></head>\n"
                + "<body><center><h1>" + status + " Error</h1></center><hr><center>nginx</center>\n"
                + "</body></html>\n";
        return httpError(status, "text/html; charset=utf-8", html).describedAs("HTTP " + status + " HTML page");
    }

    /** 429 Too Many Requests with {@code Retry-After} in whole seconds (rounded up). */
    public static FakeFault tooManyRequests(Duration retryAfter) {
        long seconds = Math.max(0, (retryAfter.toMillis() + 999) / 1000);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json; charset=utf-8");
        h.put("Retry-After", Long.toString(seconds));
        return new FakeFault("HTTP 429 Retry-After " + seconds, null, 429, h,
                "{\"Message\":\"Too many requests\"}".getBytes(StandardCharsets.UTF_8), null, false);
    }

    /** A 200 with a JSON content type and a body that is not JSON. */
    public static FakeFault garbageJson() {
        return reply(200, "application/json; charset=utf-8",
                "{\"HeartbeatErrorCode\": 0, \"ErrorText\": \"trunc".getBytes(StandardCharsets.UTF_8))
                .describedAs("garbage JSON");
    }

    /**
     * Any reply at all: status, content type and raw bytes (invalid UTF-8, 50 MB, a consume reply
     * with hostile inner JSON...). Combine with {@link #afterCommit()} so that the job the reply
     * stands in for counts as consumed.
     */
    public static FakeFault reply(int status, String contentType, byte[] body) {
        Map<String, String> h = contentType == null ? Map.of() : Map.of("Content-Type", contentType);
        return new FakeFault("custom reply HTTP " + status + " (" + body.length + " bytes)", null, status, h,
                body.clone(), null, false);
    }

    /** A 200 JSON reply with the given text instead of the fake's own. */
    public static FakeFault reply(String json) {
        return reply(200, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
    }

    /** The normal reply, processed at once and sent after the delay (a slow server). */
    public static FakeFault delay(Duration delay) {
        return new FakeFault("normal reply", null, null, Map.of(), null, delay, true);
    }

    /** The same fault, applied after the server has processed the request. */
    public FakeFault afterCommit() {
        return new FakeFault(description, wireFault, status, headers, body, delay, true);
    }

    /**
     * The same fault, applied before the server processes the request (the request has no effect).
     * Not for {@link #delay(Duration)}: the late normal reply describes the committed state (a
     * consumed job), so sending it without committing would hand out a job that stays queued.
     */
    public FakeFault beforeCommit() {
        if (wireFault == null && status == null) {
            throw new IllegalStateException("a delayed normal reply always commits; for a slow failure use e.g."
                    + " FakeFault.connectionReset().withDelay(d)");
        }
        return new FakeFault(description, wireFault, status, headers, body, delay, false);
    }

    /** The same fault, sent after a delay. */
    public FakeFault withDelay(Duration value) {
        return new FakeFault(description, wireFault, status, headers, body, value, commits);
    }

    /** The same fault with another description in the journal. */
    public FakeFault describedAs(String value) {
        return new FakeFault(value, wireFault, status, headers, body, delay, commits);
    }

    public Optional<Fault> wireFault() {
        return Optional.ofNullable(wireFault);
    }

    /** The status of a replacement reply; empty when the fake's normal reply (or a wire fault) is sent. */
    public Optional<Integer> status() {
        return Optional.ofNullable(status);
    }

    public Map<String, String> headers() {
        return headers;
    }

    public byte[] body() {
        return body == null ? null : body.clone();
    }

    public Optional<Duration> delay() {
        return Optional.ofNullable(delay);
    }

    /** Whether the request takes effect on the server. */
    public boolean commits() {
        return commits;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(description);
        if (delay != null) {
            sb.append(" after ").append(delay.toMillis()).append(" ms");
        }
        sb.append(commits ? " (committed)" : " (not committed)");
        return sb.toString();
    }
}
