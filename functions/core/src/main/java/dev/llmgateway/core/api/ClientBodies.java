package dev.llmgateway.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import java.io.IOException;

/** The start every passthrough request body shares: a strict-UTF-8 JSON object with a non-empty {@code model}. */
final class ClientBodies {
    private ClientBodies() {}

    static JsonNode object(byte[] body) {
        JsonNode tree;
        try {
            tree = Json.clientTree(body);
        } catch (IOException | RuntimeException e) {
            throw GatewayError.invalidRequest("The request body is not valid JSON.", null);
        }
        if (tree == null || !tree.isObject()) throw GatewayError.invalidRequest("The request body must be a JSON object.", null);
        return tree;
    }

    static String model(JsonNode tree) {
        JsonNode model = tree.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw GatewayError.invalidRequest("model: Field required (a non-empty string)", "model");
        }
        return model.asText();
    }
}
