package dev.llmgateway.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.ModelRewrite;

/**
 * An inbound OpenAI Responses request ({@code POST /v1/responses}): the client's exact bytes, kept
 * for passthrough, and the few fields the gateway reads itself checked once. {@code store} is
 * OpenAI's default, true, when absent.
 */
public record ResponsesRequest(byte[] body, JsonNode tree, String model, boolean stream, boolean store,
                               String previousResponseId, Integer maxOutputTokens) {

    public static ResponsesRequest parse(byte[] body) {
        JsonNode tree = ClientBodies.object(body);
        String model = ClientBodies.model(tree);
        JsonNode input = tree.get("input");
        if (input != null && !input.isNull() && !input.isTextual() && !input.isArray()) {
            throw GatewayError.invalidRequest("input: must be a string or an array of input items", "input");
        }
        Integer max = null;
        JsonNode maxNode = tree.get("max_output_tokens");
        if (maxNode != null && !maxNode.isNull()) {
            if (!maxNode.isIntegralNumber() || !maxNode.canConvertToInt() || maxNode.intValue() < 16) {
                throw GatewayError.invalidRequest("max_output_tokens: must be an integer of at least 16", "max_output_tokens");
            }
            max = maxNode.intValue();
        }
        JsonNode previous = tree.get("previous_response_id");
        if (previous != null && !previous.isNull() && (!previous.isTextual() || previous.asText().isEmpty())) {
            throw GatewayError.invalidRequest("previous_response_id: must be a response id", "previous_response_id");
        }
        return new ResponsesRequest(body, tree, model, flag(tree, "stream", false), flag(tree, "store", true),
                previous == null || previous.isNull() ? null : previous.asText(), max);
    }

    /** The client's body with only the top-level {@code model} value replaced, for a backend that speaks the Responses API. */
    public byte[] bodyFor(String upstreamModel) {
        return upstreamModel.equals(model) ? body : ModelRewrite.of(body, upstreamModel);
    }

    private static boolean flag(JsonNode tree, String field, boolean absent) {
        JsonNode value = tree.get(field);
        if (value == null || value.isNull()) return absent;
        if (!value.isBoolean()) throw GatewayError.invalidRequest(field + ": Input should be a valid boolean", field);
        return value.booleanValue();
    }
}
