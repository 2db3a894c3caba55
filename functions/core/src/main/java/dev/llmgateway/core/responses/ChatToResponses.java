package dev.llmgateway.core.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.Ids;

/**
 * An OpenAI {@code chat.completion} (what every provider returns) as Responses output items: the
 * thinking a provider returned ({@code reasoning_content}) as a {@code reasoning} item, the text
 * (or refusal) as a {@code message}, and each tool call as a {@code function_call} whose
 * {@code call_id} is the tool call's id, so provider state carried in it (Gemini's thought
 * signatures) survives the round trip.
 */
public final class ChatToResponses {
    private ChatToResponses() {}

    /** The output items and the finish reason of a buffered answer. */
    public record Output(ArrayNode items, String finishReason) {}

    public static Output output(Completion chat) {
        JsonNode root = chat.json();
        JsonNode choice = root.path("choices").path(0);
        JsonNode message = choice.path("message");
        ArrayNode items = Json.MAPPER.createArrayNode();
        String reasoning = message.path("reasoning_content").asText("");
        if (!reasoning.isEmpty() || message.has("thinking_blocks")) {
            items.add(reasoning(Ids.responses("rs_"), reasoning, SignedThinking.encode(message.get("thinking_blocks")), "completed"));
        }
        String text = message.path("content").asText("");
        String refusal = message.path("refusal").asText("");
        if (!text.isEmpty() || !refusal.isEmpty()) {
            ObjectNode item = message(Ids.responses("msg_"), "completed");
            ArrayNode content = (ArrayNode) item.get("content");
            if (!text.isEmpty()) content.add(textPart(text));
            if (!refusal.isEmpty()) content.addObject().put("type", "refusal").put("refusal", refusal);
            items.add(item);
        }
        for (JsonNode call : message.path("tool_calls")) {
            items.add(functionCall(Ids.responses("fc_"), call.path("id").asText(Ids.toolCall()),
                    call.path("function").path("name").asText(), call.path("function").path("arguments").asText(""), "completed"));
        }
        return new Output(items, choice.path("finish_reason").asText(null));
    }

    static ObjectNode message(String id, String status) {
        ObjectNode item = Json.object().put("id", id).put("type", "message").put("status", status).put("role", "assistant");
        item.putArray("content");
        return item;
    }

    static ObjectNode textPart(String text) {
        ObjectNode part = Json.object().put("type", "output_text");
        part.putArray("annotations");
        part.putArray("logprobs");
        part.put("text", text);
        return part;
    }

    static ObjectNode functionCall(String id, String callId, String name, String arguments, String status) {
        return Json.object().put("id", id).put("type", "function_call").put("status", status)
                .put("arguments", arguments).put("call_id", callId).put("name", name);
    }

    /** {@code encrypted}: Claude's signed thinking ({@link SignedThinking}), or null. */
    static ObjectNode reasoning(String id, String text, String encrypted, String status) {
        ObjectNode item = Json.object().put("id", id).put("type", "reasoning");
        item.putArray("summary");
        item.putArray("content").addObject().put("type", "reasoning_text").put("text", text);
        if (encrypted != null) item.put("encrypted_content", encrypted);
        item.put("status", status);
        return item;
    }
}
