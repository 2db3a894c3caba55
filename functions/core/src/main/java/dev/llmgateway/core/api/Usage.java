package dev.llmgateway.core.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Token usage in OpenAI's convention: {@code promptTokens} includes cached tokens, and
 * {@code cachedTokens} says how many of them were read from a cache.
 */
public record Usage(int promptTokens, int completionTokens, int totalTokens, PromptTokensDetails promptTokensDetails) {
    public record PromptTokensDetails(int cachedTokens) {}

    public static Usage of(int prompt, int completion) {
        return new Usage(prompt, completion, prompt + completion, null);
    }

    public static Usage of(int prompt, int completion, int cached) {
        return new Usage(prompt, completion, prompt + completion, cached > 0 ? new PromptTokensDetails(cached) : null);
    }

    @JsonIgnore
    public int cachedTokens() {
        return promptTokensDetails == null ? 0 : promptTokensDetails.cachedTokens();
    }

    /** Reads an OpenAI {@code usage} object; null when absent. */
    public static Usage fromOpenAi(JsonNode node) {
        if (node == null || !node.isObject()) return null;
        int prompt = TokenCount.read(node.get("prompt_tokens"));
        int completion = TokenCount.read(node.get("completion_tokens"));
        int cached = TokenCount.read(node.path("prompt_tokens_details").get("cached_tokens"));
        return Usage.of(prompt, completion, cached);
    }
}
