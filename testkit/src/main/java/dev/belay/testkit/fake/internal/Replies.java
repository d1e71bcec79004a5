package dev.belay.testkit.fake.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.belay.testkit.fake.FakeJob;
import dev.belay.testkit.fake.ReplyStyle;

import java.time.Instant;

/** Renders the fake's JSON replies per PROTOCOL.md and the current {@link ReplyStyle}. */
final class Replies {

    private final ObjectMapper json = new ObjectMapper();

    String heartbeat(int code, String errorText, boolean hasNewJob, ReplyStyle style, Instant now) {
        ObjectNode n = json.createObjectNode();
        n.put("HeartbeatErrorCode", code);
        n.put("ErrorText", errorText);
        n.put("HasNewJob", hasNewJob ? 1 : 0);
        addTopLevelExtras(n, style, now);
        return write(n);
    }

    /** A consume reply without a job (101, 102). */
    String consumeError(int code, String errorText, ReplyStyle style, Instant now) {
        ObjectNode n = json.createObjectNode();
        n.put("ConsumeJobErrorCode", code);
        n.put("ErrorText", errorText);
        n.putNull("Job");
        n.putNull("ProcessVersion");
        n.putNull("Task");
        addTopLevelExtras(n, style, now);
        return write(n);
    }

    String consumed(FakeJob job, String robotGuid, ReplyStyle style, Instant now) {
        String guidKey = style.lowercaseInnerKeys() ? "guid" : "GUID";
        String nameKey = style.lowercaseInnerKeys() ? "name" : "Name";

        ObjectNode jobNode = json.createObjectNode();
        jobNode.put(guidKey, job.guid());
        ObjectNode pv = json.createObjectNode();
        pv.put(guidKey, job.processVersionGuid());
        pv.put(nameKey, job.scriptName());
        if (style.extraFields()) {
            jobNode.put("Status", 1);
            jobNode.put("Priority", 0);
            jobNode.put("RobotGUID", robotGuid);
            jobNode.put("CreatedAt", now.toString());
            jobNode.putNull("Comment");
            jobNode.putObject("Unexpected").putArray("nested").add(1).add("two");
            pv.put("ProcessGUID", "00000000-0000-0000-0000-000000000000");
            pv.put("Version", "1.0.3");
            pv.put("Description", "");
        }

        ObjectNode n = json.createObjectNode();
        n.put("ConsumeJobErrorCode", 0);
        n.put("ErrorText", "");
        boolean strings = style.innerObjects() == ReplyStyle.InnerObjects.JSON_STRINGS;
        putInner(n, "Job", job.rawJobJson() != null ? job.rawJobJson() : write(jobNode), strings);
        putInner(n, "ProcessVersion",
                job.rawProcessVersionJson() != null ? job.rawProcessVersionJson() : write(pv), strings);
        String task = job.taskJson();
        if (task == null) {
            switch (style.absentTask()) {
                case NULL:
                    n.putNull("Task");
                    break;
                case EMPTY_STRING:
                    n.put("Task", "");
                    break;
                case MISSING:
                default:
                    break;
            }
        } else {
            putInner(n, "Task", task, strings);
        }
        addTopLevelExtras(n, style, now);
        return write(n);
    }

    /** Inner JSON as a JSON string, or embedded; text that is not JSON can only travel as a string. */
    private void putInner(ObjectNode n, String field, String text, boolean asString) {
        JsonNode parsed = asString ? null : tryParse(text);
        if (parsed != null) {
            n.set(field, parsed);
        } else {
            n.put(field, text);
        }
    }

    private void addTopLevelExtras(ObjectNode n, ReplyStyle style, Instant now) {
        if (style.extraFields()) {
            n.put("ServerTime", now.toString());
            n.put("ApiVersion", "fake-1");
            n.putObject("Debug").put("Server", "belay-testkit FakeOrchestrator");
        }
    }

    private JsonNode tryParse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private String write(JsonNode n) {
        try {
            return json.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
