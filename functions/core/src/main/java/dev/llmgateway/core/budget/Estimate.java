package dev.llmgateway.core.budget;

import dev.llmgateway.core.api.ChatRequest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.ContentPart;
import dev.llmgateway.core.api.MessagesRequest;
import dev.llmgateway.core.api.Message;
import dev.llmgateway.core.api.Tool;
import dev.llmgateway.core.api.ToolCall;
import dev.llmgateway.core.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * The tokens a request may use at most, reserved before the upstream call. Prompt: the UTF-8 bytes
 * of its text (messages, tool calls, tool definitions, response schema) divided by
 * {@code bytesPerToken} (2 by default: above the real count for English, about 4 bytes per token,
 * and for most other scripts), plus 4 per message for the chat format and a flat
 * {@code tokensPerImage} per image (inline image bytes are not text). Output: the request's
 * {@code max_tokens}/{@code max_completion_tokens}, or {@code defaultMaxTokens} when it sets none.
 */
public record Estimate(long promptTokens, long outputTokens) {
    public record Settings(int bytesPerToken, int tokensPerImage, int defaultMaxTokens) {
        public static final Settings DEFAULTS = new Settings(2, 1500, 4096);
    }

    public long tokens() {
        return promptTokens + outputTokens;
    }

    public static Estimate of(ChatRequest request, Settings settings) {
        long bytes = 0;
        long images = 0;
        for (Message m : request.messages()) {
            if (m.content() != null) {
                for (ContentPart part : m.content()) {
                    switch (part) {
                        case ContentPart.Text t -> bytes += utf8(t.text());
                        case ContentPart.Image i -> images++;
                    }
                }
            }
            for (ToolCall call : m.toolCalls()) bytes += utf8(call.name()) + utf8(call.arguments());
        }
        for (Tool tool : request.tools()) {
            bytes += utf8(tool.name()) + utf8(tool.description()) + (tool.parameters() == null ? 0 : Json.bytes(tool.parameters()).length);
        }
        if (request.raw() != null && request.raw().hasNonNull("response_format")) {
            bytes += Json.bytes(request.raw().get("response_format")).length;
        }
        long prompt = ceilDiv(bytes, settings.bytesPerToken()) + 4L * request.messages().size() + images * settings.tokensPerImage();
        long output = request.maxTokens() != null ? request.maxTokens() : settings.defaultMaxTokens();
        return new Estimate(prompt, output);
    }

    /**
     * A Messages request: the UTF-8 bytes of every string in system, messages and tools (JSON
     * schemas included) by the same rule, except base64 {@code data} of images and documents,
     * which count {@code tokensPerImage} each; output is its {@code max_tokens}.
     */
    public static Estimate of(MessagesRequest request, Settings settings) {
        long[] bytesAndImages = new long[2];
        for (String field : new String[] {"system", "messages", "tools"}) {
            JsonNode node = request.tree().get(field);
            if (node != null) walk(node, null, bytesAndImages);
        }
        int messages = request.tree().path("messages").size();
        long prompt = ceilDiv(bytesAndImages[0], settings.bytesPerToken()) + 4L * messages + bytesAndImages[1] * settings.tokensPerImage();
        long output = request.maxTokens() != null ? request.maxTokens() : settings.defaultMaxTokens();
        return new Estimate(prompt, output);
    }

    private static void walk(JsonNode node, String field, long[] bytesAndImages) {
        if (node.isTextual()) {
            if ("data".equals(field)) bytesAndImages[1]++;
            else bytesAndImages[0] += utf8(node.textValue());
        } else if (node.isObject()) {
            node.properties().forEach(e -> walk(e.getValue(), e.getKey(), bytesAndImages));
        } else if (node.isArray()) {
            for (JsonNode item : node) walk(item, null, bytesAndImages);
        }
    }

    private static long utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
