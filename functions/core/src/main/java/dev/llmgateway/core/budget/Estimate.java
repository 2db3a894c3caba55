package dev.llmgateway.core.budget;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.ContentPart;
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
        long bytes = utf8(promptText(request));
        long prompt = ceilDiv(bytes, settings.bytesPerToken()) + 4L * request.messages().size() + images(request) * settings.tokensPerImage();
        long output = request.maxTokens() != null ? request.maxTokens() : settings.defaultMaxTokens();
        return new Estimate(prompt, output);
    }

    /** The prompt's text as the model reads it: messages, tool calls, tool definitions and response schema. */
    public static String promptText(ChatRequest request) {
        StringBuilder text = new StringBuilder();
        for (Message m : request.messages()) {
            if (m.content() != null) {
                for (ContentPart part : m.content()) {
                    if (part instanceof ContentPart.Text t && t.text() != null) text.append(t.text());
                }
            }
            for (ToolCall call : m.toolCalls()) text.append(nonNull(call.name())).append(nonNull(call.arguments()));
        }
        for (Tool tool : request.tools()) {
            text.append(nonNull(tool.name())).append(nonNull(tool.description()));
            if (tool.parameters() != null) text.append(Json.string(tool.parameters()));
        }
        if (request.raw() != null && request.raw().hasNonNull("response_format")) text.append(Json.string(request.raw().get("response_format")));
        return text.toString();
    }

    /** The prompt's images (inline or linked). */
    public static long images(ChatRequest request) {
        long images = 0;
        for (Message m : request.messages()) {
            if (m.content() != null) images += m.content().stream().filter(p -> p instanceof ContentPart.Image).count();
        }
        return images;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static long utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
