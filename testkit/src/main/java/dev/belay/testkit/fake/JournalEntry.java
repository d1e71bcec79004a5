package dev.belay.testkit.fake;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request the fake received, recorded when it arrived (before any delay, so a client that
 * hangs up is recorded too), with what the fake answered.
 *
 * @param number      1-based sequence number since start or the last reset
 * @param time        arrival time on the fake's clock
 * @param endpoint    the endpoint the path maps to
 * @param method      the HTTP method
 * @param path        the request path
 * @param robotGuid   the robot: the {@code RobotGUID} field, else the Authorization token; may be {@code null}
 * @param form        the decoded form fields, in request order, names as sent
 * @param reply       what the client was sent
 * @param violations  the protocol rules this request broke
 */
public record JournalEntry(long number, Instant time, Endpoint endpoint, String method, String path,
                           String robotGuid, Map<String, String> form, Reply reply, List<Violation> violations) {

    /**
     * What the fake answered.
     *
     * @param status    HTTP status sent, or 0 when a socket fault replaced the reply
     * @param body      the body text sent (truncated to 2000 characters in the journal), or "" for none
     * @param fault     the injected fault's description, or {@code null} for the normal reply
     * @param committed whether the request took effect on the fake's state
     */
    public record Reply(int status, String body, String fault, boolean committed) {
        public boolean faulted() {
            return fault != null;
        }
    }

    /** A form field by name, any casing. */
    public Optional<String> field(String name) {
        for (Map.Entry<String, String> e : form.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** The {@code Status}/{@code status} field as a number, if present and numeric. */
    public Optional<Integer> status() {
        try {
            return field("status").map(String::trim).map(Integer::valueOf);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The job the request is about: {@code JobGUID} of a heartbeat, {@code guid} of an update. */
    public Optional<String> jobGuid() {
        Optional<String> g = endpoint == Endpoint.HEARTBEAT ? field("JobGUID") : field("guid");
        return g.filter(s -> !s.isBlank());
    }

    /** One readable line: time, number, method, path, robot (shortened), fields, reply. */
    public String toLogLine() {
        StringBuilder sb = new StringBuilder();
        sb.append(time).append(" #").append(number).append(' ').append(method).append(' ').append(path);
        if (robotGuid != null) {
            sb.append(" robot=").append(shorten(robotGuid));
        }
        form.forEach((k, v) -> {
            if (!k.equalsIgnoreCase("RobotGUID")) {
                sb.append(' ').append(k).append('=').append(v.length() > 60 ? v.substring(0, 60) + "..." : v);
            }
        });
        sb.append(" -> ");
        if (reply.fault() != null) {
            sb.append("FAULT ").append(reply.fault());
            if (reply.status() != 0) {
                sb.append(" HTTP ").append(reply.status());
            }
        } else {
            sb.append(reply.status()).append(' ').append(reply.body().length() > 300
                    ? reply.body().substring(0, 300) + "..." : reply.body());
        }
        if (!violations.isEmpty()) {
            sb.append(" VIOLATIONS: ").append(violations.size());
        }
        return sb.toString().replace('\n', ' ').replace('\r', ' ');
    }

    /** A GUID is a credential: show its first 8 characters only. */
    static String shorten(String guid) {
        return guid.length() <= 8 ? guid : guid.substring(0, 8).toLowerCase(Locale.ROOT) + "…";
    }
}
