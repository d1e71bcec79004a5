package dev.belay.testkit.fake;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Selects the requests a fault applies to: an endpoint, optionally form field values, and which of
 * the matching requests — counted from the moment the fault is injected, 1-based, including
 * requests that other faults already hit.
 *
 * <pre>{@code
 * When.consumeNextJob().nth(2)                  // the 2nd consumeNextJob
 * When.heartbeat().working().next(3)            // the next 3 Working heartbeats
 * When.jobUpdate().withStatus(4).nth(1)         // the first update to Success
 * When.anyRequest()                              // every request from now on
 * }</pre>
 *
 * @param endpoint the endpoint, or {@code null} for any
 * @param fields   form fields that must be present with these values (names case-insensitive)
 * @param from     the first matching request hit (1-based)
 * @param count    how many matching requests from {@code from} on are hit
 */
public record When(Endpoint endpoint, Map<String, String> fields, long from, long count) {

    public When {
        fields = Map.copyOf(fields);
        if (from < 1 || count < 1) {
            throw new IllegalArgumentException("from and count must be >= 1");
        }
    }

    public static When heartbeat() {
        return on(Endpoint.HEARTBEAT);
    }

    public static When consumeNextJob() {
        return on(Endpoint.CONSUME_NEXT_JOB);
    }

    public static When jobUpdate() {
        return on(Endpoint.JOB_UPDATE);
    }

    public static When anyRequest() {
        return new When(null, Map.of(), 1, Long.MAX_VALUE);
    }

    public static When on(Endpoint endpoint) {
        return new When(Objects.requireNonNull(endpoint), Map.of(), 1, Long.MAX_VALUE);
    }

    /** Only requests whose form field {@code name} (any casing) equals {@code value}. */
    public When withField(String name, String value) {
        Map<String, String> f = new LinkedHashMap<>(fields);
        f.put(name.toLowerCase(Locale.ROOT), value);
        return new When(endpoint, f, from, count);
    }

    /** Heartbeats or job updates with this {@code Status}/{@code status}. */
    public When withStatus(int status) {
        return withField("status", Integer.toString(status));
    }

    /** Heartbeats with Status 3. */
    public When working() {
        return withStatus(3);
    }

    /** Heartbeats with Status 2. */
    public When ready() {
        return withStatus(2);
    }

    /** Requests for this job ({@code JobGUID} of a heartbeat, {@code guid} of an update). */
    public When forJob(String jobGuid) {
        return withField(endpoint == Endpoint.HEARTBEAT ? "jobguid" : "guid", jobGuid);
    }

    /** Only the n-th matching request. */
    public When nth(long n) {
        return new When(endpoint, fields, n, 1);
    }

    /** The next n matching requests. */
    public When next(long n) {
        return new When(endpoint, fields, 1, n);
    }

    /** Every matching request from the n-th on. */
    public When fromNth(long n) {
        return new When(endpoint, fields, n, Long.MAX_VALUE);
    }

    /** Whether a request to this endpoint with these (lower-cased name) fields matches, ignoring counts. */
    public boolean matches(Endpoint requestEndpoint, Map<String, String> lowercaseFields) {
        if (endpoint != null && endpoint != requestEndpoint) {
            return false;
        }
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (!e.getValue().equals(lowercaseFields.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        String which = count == 1 ? "#" + from : count == Long.MAX_VALUE ? "from #" + from : "#" + from + "..#" + (from + count - 1);
        return (endpoint == null ? "any request" : endpoint.name()) + (fields.isEmpty() ? "" : " " + fields) + " " + which;
    }
}
