package dev.llmgateway.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One signed block of a Claude model's thinking, as chat carries it in an assistant message's
 * {@code thinking_blocks} (the field LiteLLM uses): {@code thinking} with its text and
 * {@code signature}, or {@code redacted_thinking} with its opaque {@code data}. Anthropic needs the
 * blocks back, unchanged, when a tool loop continues with thinking on (docs/reasoning.md).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ThinkingBlock(String type, String thinking, String signature, String data) {
    public static ThinkingBlock thinking(String text, String signature) {
        return new ThinkingBlock("thinking", text, signature, null);
    }

    public static ThinkingBlock redacted(String data) {
        return new ThinkingBlock("redacted_thinking", null, null, data);
    }

    /**
     * Whether {@code messages} answer tool results of an assistant turn whose signed thinking the
     * client did not send back: Claude refuses such a turn with thinking on, so it runs without.
     */
    public static boolean missingForToolResults(List<Message> messages) {
        if (messages.isEmpty() || messages.getLast().role() != Role.TOOL) return false;
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.ASSISTANT) return messages.get(i).thinkingBlocks().isEmpty();
        }
        return true;
    }

    /** The blocks of {@code node} (an array, or absent), each checked; a bad one is a 400 naming its path. */
    public static List<ThinkingBlock> parse(JsonNode node, String path) {
        if (node == null || node.isNull()) return List.of();
        if (!node.isArray()) throw GatewayError.invalidRequest("Invalid '" + path + "': expected an array.", path, "invalid_type");
        List<ThinkingBlock> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode block = node.get(i);
            String at = path + "[" + i + "]";
            switch (block.path("type").asText("")) {
                case "thinking" -> out.add(thinking(string(block, "thinking", at), string(block, "signature", at)));
                case "redacted_thinking" -> out.add(redacted(string(block, "data", at)));
                default -> throw GatewayError.invalidRequest("Invalid '" + at + ".type': expected 'thinking' or 'redacted_thinking'.",
                        at + ".type", "invalid_value");
            }
        }
        return List.copyOf(out);
    }

    private static String string(JsonNode block, String field, String at) {
        JsonNode v = block.get(field);
        if (v == null || !v.isTextual()) {
            throw GatewayError.invalidRequest("Invalid '" + at + "." + field + "': expected a string.", at + "." + field, "invalid_type");
        }
        return v.asText();
    }
}
