package dev.llmgateway.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Removing and appending top-level fields while every kept field keeps the client's bytes. */
class TopLevelFieldsTest {
    private static String edit(String body, Set<String> removed, Map<String, JsonNode> added) {
        return new String(TopLevelFields.edit(body.getBytes(StandardCharsets.UTF_8), removed, added), StandardCharsets.UTF_8);
    }

    @Test
    void keptFieldsAreCopiedAsWrittenAndRemovedOnesVanishWhereverTheyStand() {
        String body = "{ \"model\" : \"m\", \"n\": 2.50, \"big\":12345678901234567890123,\"s\":\"caf\\u00e9 \\\"q\\\"\",\n"
                + "  \"o\": {\"a\": [1, {\"b\": null}], \"t\": true}, \"stream\": false, \"z\": -0.0 }";
        String edited = edit(body, Set.of("model", "stream"), Map.of());
        assertThat(edited).isEqualTo("{\"n\": 2.50,\"big\":12345678901234567890123,\"s\":\"caf\\u00e9 \\\"q\\\"\","
                + "\"o\": {\"a\": [1, {\"b\": null}], \"t\": true},\"z\": -0.0}");
    }

    @Test
    void addedFieldsComeLastInOrderAndReplaceAClientFieldOfTheSameName() {
        Map<String, JsonNode> added = new LinkedHashMap<>();
        added.put("anthropic_version", Json.tree("\"bedrock-2023-05-31\""));
        added.put("anthropic_beta", Json.tree("[\"a\",\"b\"]"));
        String edited = edit("{\"model\":\"m\",\"anthropic_version\":\"old\",\"max_tokens\":5}", Set.of("model"), added);
        assertThat(edited).isEqualTo("{\"max_tokens\":5,\"anthropic_version\":\"bedrock-2023-05-31\",\"anthropic_beta\":[\"a\",\"b\"]}");
    }

    @Test
    void removingEveryFieldLeavesAnObjectThatStillParses() {
        assertThat(edit("{\"model\":\"m\"}", Set.of("model"), Map.of())).isEqualTo("{}");
        assertThat(Json.tree(edit("{\"model\":\"m\"}", Set.of("model"), Map.of("x", Json.tree("1"))))).isEqualTo(Json.tree("{\"x\":1}"));
    }
}
