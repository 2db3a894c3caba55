package dev.llmgateway.gateway.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.FinishReason;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.ChunkSink;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chat messages in the GenAI conventions' form for {@code gen_ai.input.messages} and
 * {@code gen_ai.output.messages} (opt-in span attributes, JSON strings): each message a
 * {@code role} and {@code parts} ({@code text} with {@code content}, {@code tool_call} with
 * {@code id}/{@code name}/{@code arguments}, {@code tool_call_response} with {@code id}/{@code response};
 * other parts by their type only), output messages with their {@code finish_reason}. All text of
 * one attribute together is cut at {@link #MAX_CHARS} characters, so the JSON stays whole and
 * bounded whatever the request's size.
 */
public final class GenAiContent {
    /** At most this many characters of text (contents, arguments, responses) per attribute. */
    public static final int MAX_CHARS = 16_384;
    static final String CUT = "…";

    private GenAiContent() {}

    /** A chat request's {@code messages} (as the provider receives them). */
    public static String input(JsonNode messages) {
        Budget budget = new Budget();
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (JsonNode m : messages) {
            String role = m.path("role").asText("user");
            ObjectNode message = out.addObject().put("role", role.equals("developer") ? "system" : role);
            ArrayNode parts = message.putArray("parts");
            if (role.equals("tool")) {
                parts.addObject().put("type", "tool_call_response").put("id", m.path("tool_call_id").asText(null))
                        .put("response", budget.take(text(m.path("content"))));
                continue;
            }
            JsonNode content = m.path("content");
            if (content.isTextual()) {
                text(parts, content.asText(), budget);
            } else {
                for (JsonNode part : content) {
                    if (part.path("type").asText().equals("text")) text(parts, part.path("text").asText(""), budget);
                    else parts.addObject().put("type", part.path("type").asText("unknown"));
                }
            }
            for (JsonNode call : m.path("tool_calls")) {
                toolCall(parts, call.path("id").asText(null), call.path("function").path("name").asText(null),
                        call.path("function").path("arguments").asText(""), budget);
            }
        }
        return out.toString();
    }

    /** A buffered {@code chat.completion}'s choices. */
    public static String output(byte[] completion) {
        JsonNode root;
        try {
            root = Json.tree(completion);
        } catch (java.io.IOException e) {
            return null;
        }
        Budget budget = new Budget();
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (JsonNode choice : root.path("choices")) {
            JsonNode message = choice.path("message");
            ArrayNode parts = assistant(out, choice.path("finish_reason").asText(null));
            if (message.path("content").isTextual()) text(parts, message.path("content").asText(), budget);
            for (JsonNode call : message.path("tool_calls")) {
                toolCall(parts, call.path("id").asText(null), call.path("function").path("name").asText(null),
                        call.path("function").path("arguments").asText(""), budget);
            }
        }
        return out.toString();
    }

    /** Collects a streamed answer from its OpenAI chunks as they pass (the first choice), for {@link #json}. */
    public static final class StreamCapture {
        private final StringBuilder text = new StringBuilder();
        private final Map<Integer, String[]> calls = new TreeMap<>(); // index -> id, name, arguments
        private String finishReason;

        /** {@code sink}, seeing each chunk on its way. */
        public ChunkSink around(ChunkSink sink) {
            return chunk -> {
                see(chunk);
                sink.send(chunk);
            };
        }

        private void see(byte[] chunk) {
            JsonNode choice;
            try {
                choice = Json.tree(chunk).path("choices").path(0);
            } catch (java.io.IOException | RuntimeException e) {
                return; // not a chunk this reads; what the client gets is the stream's business
            }
            JsonNode delta = choice.path("delta");
            if (delta.path("content").isTextual() && text.length() <= MAX_CHARS) text.append(delta.path("content").asText());
            for (JsonNode call : delta.path("tool_calls")) {
                String[] c = calls.computeIfAbsent(call.path("index").asInt(), i -> new String[] {null, null, ""});
                if (call.hasNonNull("id")) c[0] = call.path("id").asText();
                if (call.path("function").hasNonNull("name")) c[1] = call.path("function").path("name").asText();
                if (c[2].length() <= MAX_CHARS) c[2] += call.path("function").path("arguments").asText("");
            }
            if (choice.path("finish_reason").isTextual()) finishReason = choice.path("finish_reason").asText();
        }

        /** The answer so far as {@code gen_ai.output.messages}. */
        public String json() {
            Budget budget = new Budget();
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            ArrayNode parts = assistant(out, finishReason);
            if (!text.isEmpty()) text(parts, text.toString(), budget);
            calls.values().forEach(c -> toolCall(parts, c[0], c[1], c[2], budget));
            return out.toString();
        }
    }

    private static ArrayNode assistant(ArrayNode out, String finishReason) {
        ObjectNode message = out.addObject().put("role", "assistant");
        ArrayNode parts = message.putArray("parts");
        // The conventions' names: tool_call, not OpenAI's tool_calls.
        String reason = GenAi.finishReason(finishReason);
        message.put("finish_reason", FinishReason.TOOL_CALLS.equals(reason) ? "tool_call" : reason);
        return parts;
    }

    private static void text(ArrayNode parts, String text, Budget budget) {
        parts.addObject().put("type", "text").put("content", budget.take(text));
    }

    private static void toolCall(ArrayNode parts, String id, String name, String arguments, Budget budget) {
        parts.addObject().put("type", "tool_call").put("id", id).put("name", name).put("arguments", budget.take(arguments));
    }

    private static String text(JsonNode content) {
        if (content.isTextual()) return content.asText();
        StringBuilder joined = new StringBuilder();
        for (JsonNode part : content) if (part.path("type").asText().equals("text")) joined.append(part.path("text").asText(""));
        return joined.toString();
    }

    /** What is left of an attribute's characters. */
    private static final class Budget {
        private int left = MAX_CHARS;

        String take(String text) {
            if (text == null) return null;
            if (text.length() <= left) {
                left -= text.length();
                return text;
            }
            String cut = text.substring(0, left) + CUT;
            left = 0;
            return cut;
        }
    }
}
