package dev.llmgateway.core.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;

/** OpenAI carries tool-call arguments as JSON text; native APIs want the object itself. */
public final class ToolArguments {
    private ToolArguments() {}

    /** The arguments of a tool call in {@code messages[messageIndex]} as an object; a 400 naming the field otherwise. */
    public static ObjectNode object(String json, int messageIndex) {
        try {
            JsonNode node = Json.tree(json == null || json.isBlank() ? "{}" : json);
            if (node instanceof ObjectNode object) return object;
        } catch (RuntimeException ignored) {
            // fall through to the error below
        }
        throw GatewayError.invalidRequest("Invalid 'messages[" + messageIndex + "].tool_calls[].function.arguments': "
                + "expected a JSON object encoded as a string.", "messages[" + messageIndex + "].tool_calls", "invalid_value");
    }
}
