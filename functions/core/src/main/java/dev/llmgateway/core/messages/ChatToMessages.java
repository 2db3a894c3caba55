package dev.llmgateway.core.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.FinishReason;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.StopSequence;
import java.util.List;

/** An OpenAI {@code chat.completion} (what every provider returns) as an Anthropic Messages answer. */
public final class ChatToMessages {
    private ChatToMessages() {}

    /** {@code stops}: the client's stop sequences, to recognise the one that ended the answer. */
    public static Completion translate(Completion chat, String model, List<String> stops) {
        JsonNode root = chat.json();
        JsonNode choice = root.path("choices").path(0);
        JsonNode message = choice.path("message");
        ObjectNode out = Json.object();
        out.put("id", messageId(root.path("id").asText("")));
        out.put("type", "message");
        out.put("role", "assistant");
        out.put("model", model);
        ArrayNode content = out.putArray("content");
        String text = message.path("content").asText("");
        if (!text.isEmpty()) content.addObject().put("type", "text").put("text", text);
        for (JsonNode call : message.path("tool_calls")) {
            ObjectNode block = content.addObject().put("type", "tool_use").put("id", call.path("id").asText())
                    .put("name", call.path("function").path("name").asText());
            block.set("input", input(call.path("function").path("arguments").asText("{}")));
        }
        String finishReason = choice.path("finish_reason").asText(null);
        StopSequence stop = chat.stopSequence() != null ? chat.stopSequence() : named(choice, stops);
        stop(out, finishReason, stop);
        out.set("usage", usage(chat.usage()));
        return new Completion(Json.bytes(out), chat.usage()).withResponse(chat.responseId(), chat.finishReasons());
    }

    /** OpenAI's finish_reason as Anthropic's stop_reason ({@code function_call} is the deprecated name of tool_calls). */
    static String stopReason(String finishReason) {
        if (finishReason == null) return "end_turn";
        return switch (finishReason) {
            case FinishReason.LENGTH -> "max_tokens";
            case FinishReason.TOOL_CALLS, "function_call" -> "tool_use";
            case FinishReason.CONTENT_FILTER -> "refusal";
            default -> "end_turn";
        };
    }

    /**
     * Writes {@code stop_reason} and {@code stop_sequence}: a plain stop that a client stop sequence
     * caused reads {@code stop_sequence}, with the sequence when it is known.
     */
    static void stop(ObjectNode into, String finishReason, StopSequence stop) {
        boolean plainStop = finishReason == null || FinishReason.STOP.equals(finishReason);
        if (plainStop && stop != null) {
            into.put("stop_reason", "stop_sequence");
            if (stop.matched() == null) into.putNull("stop_sequence");
            else into.put("stop_sequence", stop.matched());
        } else {
            into.put("stop_reason", stopReason(finishReason));
            into.putNull("stop_sequence");
        }
    }

    /**
     * The stop sequence an OpenAI-compatible server names in the choice's {@code stop_reason}, as vLLM
     * does (the matched string; a stop token's id or null otherwise), when it is one the client set.
     */
    static StopSequence named(JsonNode choice, List<String> stops) {
        JsonNode named = choice.path("stop_reason");
        return named.isTextual() && stops.contains(named.asText()) ? new StopSequence(named.asText()) : null;
    }

    /** Anthropic's usage: input excludes cache reads, which have their own bucket. */
    static ObjectNode usage(Usage usage) {
        ObjectNode out = Json.object();
        int prompt = usage == null ? 0 : usage.promptTokens();
        int cached = usage == null ? 0 : Math.min(usage.cachedTokens(), prompt);
        out.put("input_tokens", prompt - cached);
        out.put("cache_creation_input_tokens", 0);
        out.put("cache_read_input_tokens", cached);
        out.put("output_tokens", usage == null ? 0 : usage.completionTokens());
        return out;
    }

    static String messageId(String chatId) {
        return chatId.startsWith("msg_") ? chatId : "msg_" + chatId.replaceFirst("^chatcmpl-", "");
    }

    static JsonNode input(String arguments) {
        try {
            JsonNode parsed = Json.tree(arguments);
            return parsed != null && parsed.isObject() ? parsed : Json.object();
        } catch (RuntimeException e) {
            return Json.object(); // a model's malformed arguments: Anthropic's input must be an object
        }
    }
}
