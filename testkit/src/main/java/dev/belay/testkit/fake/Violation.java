package dev.belay.testkit.fake;

import java.time.Instant;

/**
 * A protocol rule a request broke.
 *
 * @param requestNumber the journal sequence number of the offending request (1-based)
 * @param time          when the request arrived (the fake's clock)
 * @param endpoint      the endpoint the request went to
 * @param robotGuid     the robot, as far as it could be identified, else {@code null}
 * @param rule          a short stable identifier of the rule, e.g. {@code auth.missing}
 * @param message       a readable sentence saying what was wrong and what the protocol expects
 */
public record Violation(long requestNumber, Instant time, Endpoint endpoint, String robotGuid, String rule,
                        String message) {

    @Override
    public String toString() {
        return "#" + requestNumber + " " + endpoint + " [" + rule + "] " + message;
    }
}
