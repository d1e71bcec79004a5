package dev.belay.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** JsonTrees must build the trees a default ObjectMapper's readTree builds, node types included. */
class JsonTreesTest {

    private final JsonTrees trees = new JsonTrees();
    private final ObjectMapper mapper = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"GUID\":\"6f1c\",\"HasNewJob\":1,\"Task\":\"{\\\"a\\\":[1,2.5,true,null]}\"}",
            "{\"n\":2147483647,\"l\":2147483648,\"b\":123456789012345678901234567890,\"d\":-1.5e300,\"z\":0.0}",
            "{\"dup\":1,\"dup\":\"second wins\",\"nested\":{\"deep\":[[],{},[{\"x\":\"\\u00e9\\u4e2d\"}]]}}",
            "[1,\"two\",{\"three\":3}]",
            "\"just a string\"",
            "42",
            "null",
            "  {\"spaces\" : [ 1 , 2 ] }  ",
            "{} trailing text is not read"})
    void buildsTheTreeReadTreeBuilds(String json) throws Exception {
        JsonNode ours = trees.read(json);
        JsonNode theirs = mapper.readTree(json);
        assertThat(ours).isEqualTo(theirs);
        assertThat(types(ours)).isEqualTo(types(theirs));
    }

    @Test
    void noContentIsAMissingNodeAsForReadTree() throws Exception {
        assertThat(trees.read("").isMissingNode()).isTrue();
        assertThat(trees.read("   ").isMissingNode()).isTrue();
        assertThat(mapper.readTree("").isMissingNode()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":", "{\"a\" 1}", "[1,,2]", "{'single':1}", "tru"})
    void malformedJsonIsAParseErrorWithALocation(String json) {
        assertThatThrownBy(() -> trees.read(json)).isInstanceOf(JsonProcessingException.class)
                .satisfies(e -> assertThat(((JsonProcessingException) e).getLocation()).isNotNull());
    }

    /** The node classes of the whole tree, depth first: IntNode vs LongNode vs DoubleNode matter to the decoder. */
    private static String types(JsonNode node) {
        StringBuilder out = new StringBuilder(node.getClass().getSimpleName());
        node.elements().forEachRemaining(child -> out.append('(').append(types(child)).append(')'));
        return out.toString();
    }
}
