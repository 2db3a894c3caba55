package dev.llmgateway.core.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.TokenCount;
import dev.llmgateway.core.api.Usage;

/**
 * Anthropic's token counts, gathered from one response or from a stream's {@code message_start}
 * and {@code message_delta} events. Stream counts are cumulative, so a later value replaces an
 * earlier one; adding them would bill the prompt twice. Cache writes count once, whether
 * reported as {@code cache_creation_input_tokens} or only as its 5m/1h split.
 */
final class TokenCounts {
    private Integer input;
    private Integer cacheRead;
    private Integer cacheCreation;
    private Integer output;

    void update(JsonNode usage) {
        if (usage == null || !usage.isObject()) return;
        input = value(usage, "input_tokens", input);
        cacheRead = value(usage, "cache_read_input_tokens", cacheRead);
        cacheCreation = value(usage, "cache_creation_input_tokens", splitCreation(usage.path("cache_creation"), cacheCreation));
        output = value(usage, "output_tokens", output);
    }

    /**
     * OpenAI's convention: {@code prompt_tokens} counts every input token, cached or not, and
     * {@code cached_tokens} says how many were cache reads. Null when the upstream reported nothing.
     */
    Usage usage() {
        if (input == null && cacheRead == null && cacheCreation == null && output == null) return null;
        int read = TokenCount.orZero(cacheRead);
        return Usage.of(TokenCount.sum(TokenCount.orZero(input), read, TokenCount.orZero(cacheCreation)), TokenCount.orZero(output), read);
    }

    /** A count the event carries replaces the previous one; an absent or null one keeps it. */
    private static Integer value(JsonNode usage, String field, Integer previous) {
        JsonNode node = usage.get(field);
        return node == null || node.isNull() ? previous : Integer.valueOf(TokenCount.read(node));
    }

    /** Cache writes from the 5-minute/1-hour split, for an upstream that reports only the split. */
    private static Integer splitCreation(JsonNode split, Integer previous) {
        Integer fiveMinutes = value(split, "ephemeral_5m_input_tokens", null);
        Integer oneHour = value(split, "ephemeral_1h_input_tokens", null);
        if (fiveMinutes == null && oneHour == null) return previous;
        return TokenCount.sum(TokenCount.orZero(fiveMinutes), TokenCount.orZero(oneHour));
    }
}
