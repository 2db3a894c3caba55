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
 * OpenAI side needs: the first candidate's text and function calls, its finish reason, usage.
 */
record GeminiAnswer(String text, List<ToolCall> toolCalls, String finishReason, String blockReason, Usage usage) {

    static GeminiAnswer of(JsonNode response) {
        JsonNode candidate = response.path("candidates").path(0);
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.path("thought").asBoolean(false)) continue; // thought summaries are not part of the answer
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
        return new GeminiAnswer(text.toString(), calls, reason.isTextual() ? reason.asText() : null,
                blocked.isTextual() ? blocked.asText() : null, usage(response.get("usageMetadata")));
    }

    /**
     * Gemini's usage in OpenAI's convention. {@code promptTokenCount} already includes
     * {@code cachedContentTokenCount} (as OpenAI's prompt_tokens includes cached tokens), so it is not
     * added again; tool-use prompt tokens are input too. Thinking tokens are billed as output.
     */
    static Usage usage(JsonNode metadata) {
        if (metadata == null || !metadata.isObject()) return null;
        int prompt = TokenCount.sum(TokenCount.read(metadata.get("promptTokenCount")), TokenCount.read(metadata.get("toolUsePromptTokenCount")));
        int completion = TokenCount.sum(TokenCount.read(metadata.get("candidatesTokenCount")), TokenCount.read(metadata.get("thoughtsTokenCount")));
        return Usage.of(prompt, completion, TokenCount.read(metadata.get("cachedContentTokenCount")));
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
