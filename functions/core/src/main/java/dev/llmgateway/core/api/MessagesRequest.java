package dev.llmgateway.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.ModelRewrite;
import java.util.Map;

/**
 * An inbound Anthropic Messages request ({@code POST /v1/messages} or {@code .../count_tokens}):
 * the client's exact bytes, kept for passthrough, with the few fields the gateway reads itself
 * (model, stream, max_tokens) checked once. {@code headers} are the {@code anthropic-*} headers
 * passed on to Anthropic (version, beta).
 */
public record MessagesRequest(byte[] body, JsonNode tree, String model, boolean stream, Integer maxTokens,
                              Map<String, String> headers) {

    /** Parses a {@code /v1/messages} body; {@code max_tokens} is required there, as at Anthropic. */
    public static MessagesRequest parse(byte[] body, Map<String, String> headers) {
        MessagesRequest request = parseAny(body, headers);
        if (request.maxTokens == null) throw GatewayError.invalidRequest("max_tokens: Field required", "max_tokens");
        return request;
    }

    /** Parses a {@code /v1/messages/count_tokens} body, which has no {@code max_tokens}. */
    public static MessagesRequest parseCount(byte[] body, Map<String, String> headers) {
        return parseAny(body, headers);
    }

    private static MessagesRequest parseAny(byte[] body, Map<String, String> headers) {
        JsonNode tree = ClientBodies.object(body);
        String model = ClientBodies.model(tree);
        JsonNode messages = tree.get("messages");
        if (messages == null || !messages.isArray()) {
            throw GatewayError.invalidRequest("messages: Field required (an array)", "messages");
        }
        JsonNode stream = tree.get("stream");
        if (stream != null && !stream.isBoolean() && !stream.isNull()) {
            throw GatewayError.invalidRequest("stream: Input should be a valid boolean", "stream");
        }
        JsonNode max = tree.get("max_tokens");
        Integer maxTokens = null;
        if (max != null && !max.isNull()) {
            if (!max.isIntegralNumber() || !max.canConvertToInt() || max.intValue() < 1) {
                throw GatewayError.invalidRequest("max_tokens: Input should be a positive integer", "max_tokens");
            }
            maxTokens = max.intValue();
        }
        return new MessagesRequest(body, tree, model, stream != null && stream.asBoolean(), maxTokens,
                Map.copyOf(headers));
    }

    /**
     * The client's body with only the top-level {@code model} value replaced: every other byte
     * (field order, whitespace, cache_control, thinking signatures, unknown fields) is kept.
     */
    public byte[] bodyFor(String upstreamModel) {
        return upstreamModel.equals(model) ? body : ModelRewrite.of(body, upstreamModel);
    }
}
