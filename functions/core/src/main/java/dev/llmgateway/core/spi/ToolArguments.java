package dev.llmgateway.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;

/** OpenAI carries tool-call arguments as JSON text; native APIs (Anthropic, Gemini, Ollama, Converse) want the object itself. */
public final class ToolArguments {
    private ToolArguments() {}

    /** The path of one call's arguments, for the error that names it. */
    public static String path(int message, int call) {
        return "messages[" + message + "].tool_calls[" + call + "].function.arguments";
    }

    /** The arguments as an object; a 400 naming {@code path} (see {@link #path}) when they are not a JSON object. */
    public static ObjectNode object(String json, String path) {
        try {
            JsonNode node = Json.tree(json == null || json.isBlank() ? "{}" : json);
            if (node instanceof ObjectNode object) return object;
        } catch (RuntimeException ignored) {
            // reported below
        }
        throw GatewayError.invalidRequest("Invalid '" + path + "': expected a JSON object encoded as a string.", path,
                "invalid_value");
    }
}
