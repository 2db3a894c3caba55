package dev.llmgateway.core.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.MessagesRequest;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Messages body for Claude on Bedrock: the client's, without model and stream, with Bedrock's version and betas. */
class ClaudeOnBedrockTest {
    private static MessagesRequest request(Map<String, String> headers) {
        return MessagesRequest.parse(Fixtures.bytes("messages/request.json"), headers);
    }

    @Test
    void theClientsBodyIsKeptButModelAndStreamAndTheVersionIsBedrocks() {
        byte[] body = ClaudeOnBedrock.body(request(Map.of("anthropic-version", "2023-06-01")));

        ObjectNode expected = (ObjectNode) Json.tree(Fixtures.bytes("messages/request.json"), "test");
        expected.remove("model");
        expected.put("anthropic_version", "bedrock-2023-05-31");
        assertThat(Json.tree(body, "test")).isEqualTo(expected);
        String text = new String(body, StandardCharsets.UTF_8);
        assertThat(text).as("values as the client spelled them").contains("\"x_unknown\": {\"kept\": [1, 2.50, \"\\u00e9\"]}");
        assertThat(text).contains("\"cache_control\": {\"type\": \"ephemeral\", \"ttl\": \"1h\"}");
    }

    @Test
    void theBetaHeaderBecomesTheBodysAnthropicBetaArray() {
        byte[] body = ClaudeOnBedrock.body(request(Map.of("anthropic-beta", "extended-cache-ttl-2025-04-11, context-1m-2025-08-07")));
        assertThat(Json.tree(body, "test").get("anthropic_beta")).isEqualTo(Json.tree("[\"extended-cache-ttl-2025-04-11\",\"context-1m-2025-08-07\"]"));
        assertThat(Json.tree(ClaudeOnBedrock.body(request(Map.of())), "test").has("anthropic_beta")).isFalse();
    }

    @Test
    void streamIsRemovedBecauseTheOperationSaysIt() {
        MessagesRequest streamed = MessagesRequest.parse(("{\"model\":\"bedrock/anthropic.claude-x\",\"stream\":true,\"max_tokens\":9,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(Json.tree(ClaudeOnBedrock.body(streamed), "test")).isEqualTo(Json.tree(
                "{\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"anthropic_version\":\"bedrock-2023-05-31\"}"));
    }
}
