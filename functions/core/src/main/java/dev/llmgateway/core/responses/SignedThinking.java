package dev.llmgateway.core.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Claude's signed thinking blocks in a translated {@code reasoning} item's {@code encrypted_content},
 * so that the next turn (through {@code previous_response_id}, or the item sent back as input) gives
 * them back to Anthropic unchanged and a tool loop keeps its reasoning. The content is opaque to
 * clients, as OpenAI's is: a marker, then the blocks' JSON in URL-safe base64. Anything else in the
 * field (OpenAI's own encrypted reasoning, say) is not ours and is left out.
 */
final class SignedThinking {
    private static final String MARKER = "gw-thinking.";

    private SignedThinking() {}

    /** The {@code encrypted_content} for {@code blocks} (chat's {@code thinking_blocks} array); null when there are none. */
    static String encode(JsonNode blocks) {
        if (blocks == null || !blocks.isArray() || blocks.isEmpty()) return null;
        return MARKER + Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(blocks));
    }

    /** The blocks an {@code encrypted_content} carries, or null when it is not one of the gateway's. */
    static JsonNode decode(JsonNode encrypted) {
        if (encrypted == null || !encrypted.isTextual() || !encrypted.asText().startsWith(MARKER)) return null;
        try {
            JsonNode blocks = Json.tree(new String(Base64.getUrlDecoder().decode(encrypted.asText().substring(MARKER.length())),
                    StandardCharsets.UTF_8));
            return blocks.isArray() ? blocks : null;
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            return null; // damaged: the turn goes on without it, and Claude then thinks afresh
        }
    }
}
