package dev.llmgateway.core.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.llmgateway.core.api.MessagesRequest;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.json.TopLevelFields;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The InvokeModel body for Claude on Bedrock: the client's Messages body unchanged (cache_control,
 * thinking, documents, unknown fields), except what Bedrock says differently. The model is in the
 * URL, so {@code model} goes; the operation says whether it streams, so {@code stream} goes; the
 * version is the body's {@code anthropic_version: bedrock-2023-05-31}, not a header; and the
 * client's {@code anthropic-beta} header becomes the body's {@code anthropic_beta} array.
 */
final class ClaudeOnBedrock {
    static final String VERSION = "bedrock-2023-05-31";
    private static final Set<String> REMOVED = Set.of("model", "stream");

    private ClaudeOnBedrock() {}

    static byte[] body(MessagesRequest request) {
        Map<String, JsonNode> added = new LinkedHashMap<>();
        added.put("anthropic_version", Json.MAPPER.getNodeFactory().textNode(VERSION));
        String beta = request.headers().get("anthropic-beta");
        if (beta != null && !beta.isBlank()) {
            ArrayNode betas = Json.MAPPER.createArrayNode();
            for (String name : beta.split(",")) if (!name.isBlank()) betas.add(name.trim());
            added.put("anthropic_beta", betas);
        }
        return TopLevelFields.edit(request.body(), REMOVED, added);
    }
}
