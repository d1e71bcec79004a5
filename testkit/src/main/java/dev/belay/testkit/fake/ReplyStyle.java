package dev.belay.testkit.fake;

import java.util.Objects;

/**
 * How the fake shapes its consumeNextJob and heartbeat replies, within what PROTOCOL.md says a
 * robot must decode leniently. The default is the shape of the vendor's example: {@code Job},
 * {@code ProcessVersion} and {@code Task} as JSON text inside the JSON, PascalCase inner keys, no
 * extra fields, and an absent Task sent as {@code null}.
 *
 * @param innerObjects how {@code Job}, {@code ProcessVersion} and {@code Task} are embedded
 * @param absentTask   how a job without a Task is sent
 * @param extraFields  add fields the protocol does not define (top level and inner objects), which
 *                     a robot must ignore
 * @param lowercaseInnerKeys send {@code guid}/{@code name} instead of {@code GUID}/{@code Name}
 *                     inside {@code Job} and {@code ProcessVersion}
 */
public record ReplyStyle(InnerObjects innerObjects, AbsentTask absentTask, boolean extraFields,
                         boolean lowercaseInnerKeys) {

    /** {@code "Job": "{\"GUID\":...}"} (the default) or {@code "Job": {"GUID":...}}. */
    public enum InnerObjects { JSON_STRINGS, EMBEDDED_OBJECTS }

    /** An absent Task as {@code "Task": null}, {@code "Task": ""}, or no {@code Task} key at all. */
    public enum AbsentTask { NULL, EMPTY_STRING, MISSING }

    public ReplyStyle {
        Objects.requireNonNull(innerObjects, "innerObjects");
        Objects.requireNonNull(absentTask, "absentTask");
    }

    /** The vendor example's shape. */
    public static ReplyStyle defaults() {
        return new ReplyStyle(InnerObjects.JSON_STRINGS, AbsentTask.NULL, false, false);
    }

    public ReplyStyle withInnerObjects(InnerObjects value) {
        return new ReplyStyle(value, absentTask, extraFields, lowercaseInnerKeys);
    }

    public ReplyStyle withAbsentTask(AbsentTask value) {
        return new ReplyStyle(innerObjects, value, extraFields, lowercaseInnerKeys);
    }

    public ReplyStyle withExtraFields(boolean value) {
        return new ReplyStyle(innerObjects, absentTask, value, lowercaseInnerKeys);
    }

    public ReplyStyle withLowercaseInnerKeys(boolean value) {
        return new ReplyStyle(innerObjects, absentTask, extraFields, value);
    }
}
