package dev.llmgateway.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.ResponseFormat;
import dev.llmgateway.core.json.Json;

/**
 * Structured output for upstreams without a native JSON mode: the schema becomes one forced tool,
 * {@value #NAME}, and the model's call of that tool is returned to the client as
 * {@code message.content} (the JSON text) with {@code finish_reason: "stop"}, in streams as
 * content deltas. Translators use it only where the provider has no native structured output.
 */
public final class StructuredOutputTool {
    public static final String NAME = "structured_output";

    private StructuredOutputTool() {}

    /** True when the request asks for JSON and this rewrite must supply it. */
    public static boolean applies(ChatRequest request) {
        if (!request.wantsJson()) return false;
        if (!request.tools().isEmpty()) {
            // A forced structured_output call would stop the model from calling the client's own tools.
            throw GatewayError.invalidRequest("'response_format' together with 'tools' is not supported for this model: "
                    + "the provider has no native structured output.", "response_format", "unsupported_parameter");
        }
        return true;
    }

    /** The tool's input schema: the client's JSON schema, or any object for {@code json_object}. */
    public static JsonNode schema(ChatRequest request) {
        return request.responseFormat() instanceof ResponseFormat.JsonSchema s
                ? s.schema()
                : Json.object().put("type", "object");
    }

    public static String description(ChatRequest request) {
        String base = "Respond by calling this tool with the answer as its input.";
        return request.responseFormat() instanceof ResponseFormat.JsonSchema s && s.description() != null
                ? base + " " + s.description()
                : base;
    }
}
