package dev.belay.testkit.fake;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A job to put in the fake's queue. Built with {@link #builder(String)}; the script name is the
 * process version's {@code Name} (e.g. {@code invoices\load_invoices}), sent as is, hostile or not.
 *
 * <p>Abort and stop triggers are evaluated when the robot sends a Working heartbeat for the job:
 * "after a delay" counts from the moment the job was consumed; "after N Working heartbeats" means
 * the first N Working heartbeats are answered normally and the (N+1)-th and later ones carry the
 * code. Once triggered, every Working heartbeat for the job carries the code until the job has a
 * final status. Abort (10) wins over stop (20) when both are due.
 *
 * @param guid               the job's GUID ({@code Job.GUID})
 * @param scriptName         the process version's {@code Name}
 * @param processVersionGuid the process version's {@code GUID}
 * @param taskJson           the Task exactly as it is to be sent (raw text, need not be valid JSON),
 *                           or {@code null} for a job without a Task
 * @param robotGuid          only this robot may consume the job, or {@code null} for any robot
 * @param abortAfter         answer 10 once this long has passed since consume, or {@code null}
 * @param stopAfter          answer 20 once this long has passed since consume, or {@code null}
 * @param abortAfterWorkingHeartbeats answer 10 after this many Working heartbeats, or {@code null}
 * @param stopAfterWorkingHeartbeats  answer 20 after this many Working heartbeats, or {@code null}
 * @param rawJobJson         sent instead of the fake's own {@code Job} object text (bad-input tests:
 *                           invalid, huge, missing GUID...), or {@code null}
 * @param rawProcessVersionJson sent instead of the fake's own {@code ProcessVersion} text, or {@code null}
 */
public record FakeJob(String guid, String scriptName, String processVersionGuid, String taskJson,
                      String robotGuid, Duration abortAfter, Duration stopAfter,
                      Integer abortAfterWorkingHeartbeats, Integer stopAfterWorkingHeartbeats,
                      String rawJobJson, String rawProcessVersionJson) {

    public FakeJob {
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(scriptName, "scriptName");
        Objects.requireNonNull(processVersionGuid, "processVersionGuid");
    }

    /** A job for the given script with fresh GUIDs, no Task and no abort or stop. */
    public static FakeJob of(String scriptName) {
        return builder(scriptName).build();
    }

    public static Builder builder(String scriptName) {
        return new Builder(scriptName);
    }

    public Optional<String> task() {
        return Optional.ofNullable(taskJson);
    }

    public Builder toBuilder() {
        Builder b = new Builder(scriptName);
        b.guid = guid;
        b.processVersionGuid = processVersionGuid;
        b.taskJson = taskJson;
        b.robotGuid = robotGuid;
        b.abortAfter = abortAfter;
        b.stopAfter = stopAfter;
        b.abortAfterWorkingHeartbeats = abortAfterWorkingHeartbeats;
        b.stopAfterWorkingHeartbeats = stopAfterWorkingHeartbeats;
        b.rawJobJson = rawJobJson;
        b.rawProcessVersionJson = rawProcessVersionJson;
        return b;
    }

    public static final class Builder {
        private String guid = UUID.randomUUID().toString();
        private final String scriptName;
        private String processVersionGuid = UUID.randomUUID().toString();
        private String taskJson;
        private String robotGuid;
        private Duration abortAfter;
        private Duration stopAfter;
        private Integer abortAfterWorkingHeartbeats;
        private Integer stopAfterWorkingHeartbeats;
        private String rawJobJson;
        private String rawProcessVersionJson;

        private Builder(String scriptName) {
            this.scriptName = Objects.requireNonNull(scriptName, "scriptName");
        }

        public Builder guid(String value) {
            this.guid = Objects.requireNonNull(value);
            return this;
        }

        public Builder processVersionGuid(String value) {
            this.processVersionGuid = Objects.requireNonNull(value);
            return this;
        }

        /** The Task as raw text, sent exactly as given; {@code null} for none. */
        public Builder task(String rawJson) {
            this.taskJson = rawJson;
            return this;
        }

        /** Only the robot with this GUID gets the job. */
        public Builder forRobot(String value) {
            this.robotGuid = value;
            return this;
        }

        public Builder abortAfter(Duration sinceConsume) {
            this.abortAfter = sinceConsume;
            return this;
        }

        public Builder stopAfter(Duration sinceConsume) {
            this.stopAfter = sinceConsume;
            return this;
        }

        public Builder abortAfterWorkingHeartbeats(int n) {
            this.abortAfterWorkingHeartbeats = requireNonNegative(n);
            return this;
        }

        public Builder stopAfterWorkingHeartbeats(int n) {
            this.stopAfterWorkingHeartbeats = requireNonNegative(n);
            return this;
        }

        /**
         * The {@code Job} text to send instead of {@code {"GUID": guid}}, exactly as given (need not
         * be JSON). The fake still tracks the job under {@link #guid(String)}.
         */
        public Builder rawJob(String text) {
            this.rawJobJson = text;
            return this;
        }

        /** The {@code ProcessVersion} text to send instead of {@code {"GUID":..,"Name": script}}. */
        public Builder rawProcessVersion(String text) {
            this.rawProcessVersionJson = text;
            return this;
        }

        public FakeJob build() {
            return new FakeJob(guid, scriptName, processVersionGuid, taskJson, robotGuid, abortAfter,
                    stopAfter, abortAfterWorkingHeartbeats, stopAfterWorkingHeartbeats, rawJobJson,
                    rawProcessVersionJson);
        }

        private static int requireNonNegative(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("must be >= 0: " + n);
            }
            return n;
        }
    }
}
