package dev.llmgateway.core.budget;

import dev.llmgateway.core.api.ChatRequest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.ContentPart;
import dev.llmgateway.core.api.EmbeddingsRequest;
import dev.llmgateway.core.api.MessagesRequest;
import dev.llmgateway.core.api.Message;
import dev.llmgateway.core.api.Tool;
import dev.llmgateway.core.api.ToolCall;
import dev.llmgateway.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * The tokens a request may use at most, reserved before the upstream call. Prompt: the UTF-8 bytes
 * of its text (messages, tool calls, tool definitions, response schema) divided by
 * {@code bytesPerToken} (2 by default: above the real count for English, about 4 bytes per token,
 * and for most other scripts), plus 4 per message for the chat format and a flat
 * {@code tokensPerImage} per image (inline image bytes are not text); or, in the hard-cap mode for
 * OpenAI-family models, the same text counted with their tokenizer ({@link #tokenized}). Output: the
 * request's {@code max_tokens}/{@code max_completion_tokens}, or {@code defaultMaxTokens} when it
 * sets none, times {@code n} (each choice is generated separately).
 */
public record Estimate(long promptTokens, long outputTokens) {
    public record Settings(int bytesPerToken, int tokensPerImage, int defaultMaxTokens) {
        public static final Settings DEFAULTS = new Settings(2, 1500, 4096);
    }

    /** Tokens the chat format adds to the reply (OpenAI's priming of the assistant turn). */
    private static final int REPLY_PRIMING = 3;

    public long tokens() {
        return promptTokens + outputTokens;
    }

    public static Estimate of(ChatRequest request, Settings settings) {
        long[] bytes = {0};
        texts(request, text -> bytes[0] += text.getBytes(StandardCharsets.UTF_8).length);
        long prompt = ceilDiv(bytes[0], settings.bytesPerToken()) + 4L * request.messages().size() + images(request) * settings.tokensPerImage();
        return new Estimate(prompt, output(request, settings));
    }

    /** As {@link #of}, with the prompt's text counted by {@code tokenizer} (exact for the model family it belongs to). */
    public static Estimate tokenized(ChatRequest request, Settings settings, ToLongFunction<String> tokenizer) {
        long[] tokens = {0};
        texts(request, text -> tokens[0] += tokenizer.applyAsLong(text));
        long prompt = tokens[0] + 4L * request.messages().size() + REPLY_PRIMING + images(request) * settings.tokensPerImage();
        return new Estimate(prompt, output(request, settings));
    }

    /** The estimate with {@code maxTokens} per choice as its output. */
    public Estimate withOutputPerChoice(ChatRequest request, long maxTokens) {
        return new Estimate(promptTokens, maxTokens * Math.max(1, request.n()));
    }

    private static long output(ChatRequest request, Settings settings) {
        return (long) (request.maxTokens() != null ? request.maxTokens() : settings.defaultMaxTokens()) * Math.max(1, request.n());
    }

    /** Every piece of prompt text: message text, tool calls, tool definitions, the response schema. */
    private static void texts(ChatRequest request, Consumer<String> sink) {
        for (Message m : request.messages()) {
            if (m.content() != null) {
                for (ContentPart part : m.content()) {
                    if (part instanceof ContentPart.Text t && t.text() != null) sink.accept(t.text());
                }
            }
            for (ToolCall call : m.toolCalls()) {
                if (call.name() != null) sink.accept(call.name());
                if (call.arguments() != null) sink.accept(call.arguments());
            }
        }
        for (Tool tool : request.tools()) {
            if (tool.name() != null) sink.accept(tool.name());
            if (tool.description() != null) sink.accept(tool.description());
            if (tool.parameters() != null) sink.accept(Json.string(tool.parameters()));
        }
        if (request.raw() != null && request.raw().hasNonNull("response_format")) sink.accept(Json.string(request.raw().get("response_format")));
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

    /**
     * A Responses request: the UTF-8 bytes of every string in its instructions, tools, output format
     * and prompt items (the conversation continued and this input) by the same rule, except images
     * (an {@code image_url} data URL, {@code file_data}), which count {@code tokensPerImage} each;
     * output is its {@code max_output_tokens}.
     */
    public static Estimate of(dev.llmgateway.core.api.ResponsesRequest request, JsonNode promptItems, Settings settings) {
        long[] bytesAndImages = new long[2];
        for (String field : new String[] {"instructions", "tools", "text"}) {
            JsonNode node = request.tree().get(field);
            if (node != null) walkResponses(node, null, bytesAndImages);
        }
        walkResponses(promptItems, null, bytesAndImages);
        long prompt = ceilDiv(bytesAndImages[0], settings.bytesPerToken()) + 4L * promptItems.size()
                + bytesAndImages[1] * settings.tokensPerImage();
        long output = request.maxOutputTokens() != null ? request.maxOutputTokens() : settings.defaultMaxTokens();
        return new Estimate(prompt, output);
    }

    private static void walkResponses(JsonNode node, String field, long[] bytesAndImages) {
        if (node.isTextual()) {
            boolean image = "file_data".equals(field) || ("image_url".equals(field) && node.textValue().startsWith("data:"));
            if (image) bytesAndImages[1]++;
            else bytesAndImages[0] += utf8(node.textValue());
        } else if (node.isObject()) {
            node.properties().forEach(e -> walkResponses(e.getValue(), e.getKey(), bytesAndImages));
        } else if (node.isArray()) {
            for (JsonNode item : node) walkResponses(item, null, bytesAndImages);
        }
    }

    /** An embeddings request: its texts by the same bytes rule, its token arrays as counted; no output. */
    public static Estimate of(EmbeddingsRequest request, Settings settings) {
        long prompt = 0;
        for (EmbeddingsRequest.Input input : request.inputs()) {
            prompt += switch (input) {
                case EmbeddingsRequest.Input.Text t -> ceilDiv(utf8(t.text()), settings.bytesPerToken());
                case EmbeddingsRequest.Input.Tokens t -> t.tokens().size();
            };
        }
        return new Estimate(prompt, 0);
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

    private static long images(ChatRequest request) {
        long images = 0;
        for (Message m : request.messages()) {
            if (m.content() != null) {
                for (ContentPart part : m.content()) if (part instanceof ContentPart.Image) images++;
            }
        }
        return images;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
