package dev.llmgateway.core.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.GatewayError;
import java.util.Map;

/** OpenAI's limits on {@code metadata}: at most 16 pairs, keys up to 64 characters, string values up to 512. */
final class Metadata {
    private Metadata() {}

    static void check(JsonNode metadata) {
        if (metadata == null || metadata.isNull()) return;
        if (!metadata.isObject()) throw GatewayError.invalidRequest("metadata: must be an object of strings", "metadata");
        if (metadata.size() > 16) throw GatewayError.invalidRequest("metadata: at most 16 pairs", "metadata");
        for (Map.Entry<String, JsonNode> pair : metadata.properties()) {
            if (pair.getKey().length() > 64) throw GatewayError.invalidRequest("metadata: keys are at most 64 characters", "metadata");
            if (!pair.getValue().isTextual() || pair.getValue().asText().length() > 512) {
                throw GatewayError.invalidRequest("metadata: values are strings of at most 512 characters", "metadata");
            }
        }
    }
}
