package dev.belay.client.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.belay.client.ConsumeReply;
import dev.belay.client.HeartbeatReply;
import dev.belay.client.JobAssignment;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Locale;
import java.util.Map;

/**
 * Lenient decoding of the robot API's JSON replies (PROTOCOL.md, "Endpoints").
 *
 * <p>Why a tree and a streaming pass rather than data binding: keys must match case-insensitively
 * <em>and</em> trimmed (the seed reads {@code ' Task '}), {@code Job}/{@code ProcessVersion}/{@code Task}
 * come as JSON text inside a string or as embedded objects, and the Task must be handed on exactly
 * as received — for an embedded object that means its source text, which only the parser's token
 * offsets give back. Unknown fields are ignored by construction.
 *
 * <p>Thread-safe; reads trees with {@link JsonTrees} (jackson-core, no {@code ObjectMapper}).
 */
final class ReplyDecoder {

    /** A 2xx body that is not the expected shape; the message is safe to show (no body dump). */
    static final class UnreadableException extends Exception {
        UnreadableException(String message) {
            super(message);
        }

        UnreadableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A top-level value and, for objects and arrays, its exact source text. */
    private record Value(JsonNode node, String sourceText) {
    }

    /** An embedded object, present; {@code raw} is the text to hand on. */
    private record Embedded(JsonNode node, String raw) {
    }

    private final JsonTrees json = new JsonTrees();
    private static final Logger LOG = LoggerFactory.getLogger(ReplyDecoder.class);

    private final List<String> secrets;

    /**
     * @param secrets texts to redact from {@code ErrorText}: an orchestrator may echo the robot GUID
     *                there ("robot … not found"), and callers log ErrorText
     */
    ReplyDecoder(List<String> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    HeartbeatReply heartbeat(String body) throws UnreadableException {
        Map<String, Value> fields = topLevel(body);
        Integer errorCode = intField(fields, "HeartbeatErrorCode");
        Integer hasNewJob = intField(fields, "HasNewJob");
        if (errorCode == null && hasNewJob == null) {
            throw new UnreadableException("heartbeat reply has neither HeartbeatErrorCode nor HasNewJob");
        }
        // One of the two may be left out (e.g. no HasNewJob next to error 101): absent means 0.
        return new HeartbeatReply(errorCode == null ? 0 : errorCode, errorText(fields),
                hasNewJob == null ? 0 : hasNewJob);
    }

    ConsumeReply consume(String body) throws UnreadableException {
        Map<String, Value> fields = topLevel(body);
        Integer errorCode = intField(fields, "ConsumeJobErrorCode");
        if (errorCode == null) {
            throw new UnreadableException("consumeNextJob reply has no ConsumeJobErrorCode");
        }
        String errorText = errorText(fields);
        if (errorCode != 0) {
            // Whatever Job/ProcessVersion/Task hold next to an error is not ours to judge.
            return new ConsumeReply(errorCode, errorText, null);
        }
        Embedded job = embeddedObject(fields.get(key("Job")), "Job");
        if (job == null) {
            throw new UnreadableException("consumeNextJob reply has code 0 but no Job");
        }
        String jobGuid = text(lookup(job.node(), "GUID"));
        if (jobGuid.isBlank()) {
            throw new UnreadableException("consumeNextJob reply has code 0 but its Job has no GUID");
        }
        // From here on the job is ours: the orchestrator has assigned it. A ProcessVersion we cannot use must
        // not lose it — the job goes on with an empty script name, which no runner starts, and is reported
        // Failed (PROTOCOL.md: a script that cannot be started is a failed job).
        String scriptName = "";
        String processVersionGuid = "";
        String problem = null;
        try {
            Embedded processVersion = embeddedObject(fields.get(key("ProcessVersion")), "ProcessVersion");
            if (processVersion == null) {
                problem = "no ProcessVersion";
            } else {
                scriptName = text(lookup(processVersion.node(), "Name"));
                processVersionGuid = text(lookup(processVersion.node(), "GUID"));
                if (scriptName.isBlank()) {
                    problem = "its ProcessVersion has no Name";
                    scriptName = "";
                }
            }
        } catch (UnreadableException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            LOG.warn("job {} cannot run ({}): it will be reported Failed", Failures.redact(jobGuid, secrets), problem);
        }
        Embedded task = task(fields.get(key("Task")));
        String taskGuid = task == null ? "" : text(lookup(task.node(), "GUID"));
        return new ConsumeReply(0, errorText, new JobAssignment(jobGuid, processVersionGuid,
                scriptName, taskGuid, task == null ? "" : task.raw()));
    }

    /** Reads the top-level object: normalised key → value (the first of duplicate keys wins). */
    private Map<String, Value> topLevel(String body) throws UnreadableException {
        if (body.isBlank()) {
            throw new UnreadableException("reply body is empty");
        }
        Map<String, Value> fields = new HashMap<>();
        try (JsonParser parser = json.parser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new UnreadableException("reply is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = key(parser.currentName());
                JsonToken token = parser.nextToken();
                int start = (int) parser.currentTokenLocation().getCharOffset();
                JsonNode node = json.read(parser);
                String source = null;
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    // The parser now stands on the closing brace or bracket.
                    int end = (int) parser.currentTokenLocation().getCharOffset() + 1;
                    source = body.substring(start, end);
                }
                fields.putIfAbsent(name, new Value(node == null ? NullNode.getInstance() : node, source));
            }
            if (parser.nextToken() != null) {
                throw new UnreadableException("reply has data after its JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new UnreadableException("reply is not valid JSON (" + location(e) + ")", e);
        } catch (IOException e) {
            // Reading a String does no I/O; kept apart from the parse error for honesty.
            throw new UnreadableException("reply could not be read as JSON", e);
        }
        return fields;
    }

    /**
     * {@code Job}/{@code ProcessVersion}: a JSON string holding an object, an embedded object, or absent
     * ({@code null}, missing, {@code ""}, {@code "[]"}, {@code []}). Anything else is unreadable.
     */
    private Embedded embeddedObject(Value value, String what) throws UnreadableException {
        if (value == null || value.node().isNull() || value.node().isMissingNode()) {
            return null;
        }
        JsonNode node = value.node();
        if (node.isObject()) {
            return new Embedded(node, value.sourceText());
        }
        if (node.isArray() && node.isEmpty()) {
            return null;
        }
        if (node.isTextual()) {
            String inner = node.textValue();
            if (isAbsentText(inner)) {
                return null;
            }
            JsonNode parsed;
            try {
                parsed = json.read(inner);
            } catch (JsonProcessingException e) {
                throw new UnreadableException(what + " is a string that is not JSON (" + location(e) + ")", e);
            }
            if (parsed != null && parsed.isObject()) {
                return new Embedded(parsed, inner);
            }
            if (parsed == null || parsed.isNull() || (parsed.isArray() && parsed.isEmpty())) {
                return null;
            }
        }
        throw new UnreadableException(what + " is not a JSON object but " + kind(node));
    }

    /**
     * The Task is handed to the script as received, so it is never a reason to lose a job that the
     * orchestrator has already marked consumed: an object (embedded or string-encoded) yields its GUID,
     * anything else that is not "absent" is passed on verbatim with no GUID.
     */
    private Embedded task(Value value) {
        if (value == null || value.node().isNull() || value.node().isMissingNode()) {
            return null;
        }
        JsonNode node = value.node();
        if (node.isTextual()) {
            String inner = node.textValue();
            if (isAbsentText(inner)) {
                return null;
            }
            JsonNode parsed;
            try {
                parsed = json.read(inner);
            } catch (JsonProcessingException e) {
                parsed = null;
            }
            if (parsed != null && parsed.isArray() && parsed.isEmpty()) {
                return null;
            }
            return new Embedded(parsed == null ? MissingNode.getInstance() : parsed, inner);
        }
        if (node.isArray() && node.isEmpty()) {
            return null;
        }
        return new Embedded(node, value.sourceText() != null ? value.sourceText() : node.toString());
    }

    private static boolean isAbsentText(String text) {
        String t = text.trim();
        return t.isEmpty() || t.equals("[]") || t.equals("null");
    }

    /** Case-insensitive, trimmed key lookup in an object; missing node otherwise. */
    private static JsonNode lookup(JsonNode object, String name) {
        if (object == null || !object.isObject()) {
            return null;
        }
        String wanted = key(name);
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (key(e.getKey()).equals(wanted)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) {
            return "";
        }
        return node.isTextual() ? node.textValue() : node.asText();
    }

    private String errorText(Map<String, Value> fields) {
        Value v = fields.get(key("ErrorText"));
        return v == null ? "" : Failures.redact(text(v.node()), secrets);
    }

    /** A code: a JSON integer, an integral decimal, or a string holding one ({@code "0"}). Null if absent. */
    private static Integer intField(Map<String, Value> fields, String name) throws UnreadableException {
        Value v = fields.get(key(name));
        if (v == null || v.node().isNull()) {
            return null;
        }
        JsonNode node = v.node();
        try {
            if (node.isNumber()) {
                return node.decimalValue().intValueExact();
            }
            if (node.isTextual()) {
                String t = node.textValue().trim();
                if (t.isEmpty()) {
                    return null;
                }
                return new BigDecimal(t).intValueExact();
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // fall through to the message below
        }
        throw new UnreadableException(name + " is not an integer but " + kind(node));
    }

    private static String kind(JsonNode node) {
        if (node.isTextual()) {
            return "a string of " + node.textValue().length() + " chars";
        }
        return "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String location(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null ? "malformed" : "malformed at char " + loc.getCharOffset();
    }
}
