package dev.belay.client.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Jackson's tree model read straight from jackson-core's parser, without an {@code ObjectMapper}.
 * Building a mapper initialises databind's serializer and deserializer factories and, through its
 * default date format, the JDK's CLDR locale data: 40–70 ms of every agent start (class-load timeline,
 * BENCHMARKS.md), for replies of a handful of fields. The trees are those {@code readTree} builds with
 * a default mapper: numbers as int, long, big integer or double nodes, the last of duplicate keys wins,
 * JSON {@code null} as a null node. Thread-safe.
 */
final class JsonTrees {

    private final JsonFactory factory = new JsonFactory();
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    /** A parser over {@code text}; the caller closes it. */
    JsonParser parser(String text) throws IOException {
        return factory.createParser(text);
    }

    /**
     * The tree of the whole of {@code text}: a missing node when it holds no JSON value at all, as
     * {@code ObjectMapper.readTree(String)} answers; what follows the first value is not read.
     */
    JsonNode read(String text) throws JsonProcessingException {
        try (JsonParser p = factory.createParser(text)) {
            JsonToken first = p.nextToken();
            return first == null ? MissingNode.getInstance() : read(p);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            // A String is read without I/O: anything else the parser throws is a parse failure too.
            throw new JsonParseException(null, String.valueOf(e.getMessage()), e);
        }
    }

    /**
     * The tree of the value the parser stands on (after {@code nextToken()}); afterwards the parser
     * stands on that value's last token (its closing brace or bracket for a container).
     */
    JsonNode read(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == null) {
            return MissingNode.getInstance();
        }
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = nodes.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    object.set(name, read(p));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = nodes.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(p));
                }
                return array;
            }
            case VALUE_STRING:
                return nodes.textNode(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return nodes.numberNode(p.getIntValue());
                    case LONG:
                        return nodes.numberNode(p.getLongValue());
                    default:
                        return nodes.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return nodes.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return nodes.booleanNode(true);
            case VALUE_FALSE:
                return nodes.booleanNode(false);
            case VALUE_NULL:
                return nodes.nullNode();
            default:
                throw new JsonParseException(p, "unexpected token " + token);
        }
    }
}
