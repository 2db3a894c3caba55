package dev.llmgateway.core.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.FinishReason;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.ToolCall;
import dev.llmgateway.core.api.TokenCount;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.spi.Ids;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code GenerateContentResponse} (a whole answer, or one stream chunk) read into what the
 * OpenAI side needs: the first candidate's text, thought summaries (its reasoning) and function
 * calls, its finish reason, usage.
 */
record GeminiAnswer(String text, String reasoning, List<ToolCall> toolCalls, String finishReason, String blockReason, Usage usage) {

    static GeminiAnswer of(JsonNode response) {
        JsonNode candidate = response.path("candidates").path(0);
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.path("thought").asBoolean(false)) { // a thought summary: reasoning, not the answer
                reasoning.append(part.path("text").asText(""));
                continue;
            }
            if (part.path("text").isTextual()) text.append(part.path("text").asText());
            JsonNode call = part.get("functionCall");
            if (call != null && call.isObject()) {
                String id = call.path("id").asText("");
                JsonNode args = call.get("args");
                calls.add(new ToolCall(
                        ThoughtSignatures.toolCallId(id.isEmpty() ? Ids.toolCall() : id, part.path("thoughtSignature").asText(null)),
                        call.path("name").asText(),
                        args == null || args.isNull() ? "{}" : args.toString()));
            }
        }
        JsonNode reason = candidate.path("finishReason");
        JsonNode blocked = response.path("promptFeedback").path("blockReason");
        return new GeminiAnswer(text.toString(), reasoning.toString(), calls, reason.isTextual() ? reason.asText() : null,
                blocked.isTextual() ? blocked.asText() : null, usage(response.get("usageMetadata")));
    }

    /**
     * Gemini's usage in buckets. {@code promptTokenCount} includes {@code cachedContentTokenCount}
     * (the cache read), so the uncached input is the difference, plus the tool-use prompt tokens.
     * {@code candidatesTokenCount} excludes {@code thoughtsTokenCount}; both are billed as output, and
     * the thoughts are its reasoning part. Audio and image input come from the per-modality
     * {@code promptTokensDetails}, less what of them was cached.
     */
    static Usage usage(JsonNode metadata) {
        if (metadata == null || !metadata.isObject()) return null;
        int cached = TokenCount.read(metadata.get("cachedContentTokenCount"));
        int thoughts = TokenCount.read(metadata.get("thoughtsTokenCount"));
        return Usage.builder()
                .input(TokenCount.sum(Usage.difference(TokenCount.read(metadata.get("promptTokenCount")), cached),
                        TokenCount.read(metadata.get("toolUsePromptTokenCount"))))
                .cacheRead(cached)
                .output(TokenCount.sum(TokenCount.read(metadata.get("candidatesTokenCount")), thoughts))
                .reasoning(thoughts)
                .audioInput(uncached(metadata, "AUDIO"))
                .imageInput(uncached(metadata, "IMAGE"))
                .audioOutput(modality(metadata.path("candidatesTokensDetails"), "AUDIO"))
                .build();
    }

    private static int uncached(JsonNode metadata, String modality) {
        return Usage.difference(modality(metadata.path("promptTokensDetails"), modality),
                modality(metadata.path("cacheTokensDetails"), modality));
    }

    private static int modality(JsonNode details, String modality) {
        int sum = 0;
        for (JsonNode d : details) {
            if (modality.equals(d.path("modality").asText())) sum = TokenCount.sum(sum, TokenCount.read(d.get("tokenCount")));
        }
        return sum;
    }

    /**
     * Gemini's finish reason in OpenAI's terms. A prompt blocked before generation has no candidate,
     * only {@code promptFeedback.blockReason}: it reads as {@code content_filter}, like a blocked answer.
     */
    static String openAiReason(String reason, String blockReason, boolean calledTools, String provider) {
        if (reason == null) return blockReason != null ? FinishReason.CONTENT_FILTER : null;
        return switch (reason) {
            case "MAX_TOKENS" -> FinishReason.LENGTH;
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
                 "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION", "LANGUAGE" -> FinishReason.CONTENT_FILTER;
            // The model failed at calling a function and produced no usable answer: an upstream failure, not "stop".
            case "MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS" ->
                    throw GatewayError.upstreamUnavailable(provider,
                            "ended the answer with " + reason + " (the model produced an unusable function call)", null);
            // STOP, and OTHER/unspecified/future reasons: the answer is what was generated.
            default -> calledTools ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        };
    }
}
