package dev.llmgateway.core.messages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.TokenCount;
import dev.llmgateway.core.api.Usage;

/**
 * Anthropic's token counts (from Anthropic or Claude on Bedrock), gathered from one response or
 * from a stream's {@code message_start} and {@code message_delta} events. Stream counts are cumulative, so a later value replaces an
 * earlier one; adding them would bill the prompt twice. Cache writes count once, whether
 * reported as {@code cache_creation_input_tokens} or only as its 5m/1h split.
 */
public final class MessagesUsage {
    private Integer input;
    private Integer cacheRead;
    private Integer cacheCreation;
    private Integer cacheCreation1h;
    private Integer output;

    public void update(JsonNode usage) {
        if (usage == null || !usage.isObject()) return;
        input = value(usage, "input_tokens", input);
        cacheRead = value(usage, "cache_read_input_tokens", cacheRead);
        cacheCreation = value(usage, "cache_creation_input_tokens", splitCreation(usage.path("cache_creation"), cacheCreation));
        cacheCreation1h = value(usage.path("cache_creation"), "ephemeral_1h_input_tokens", cacheCreation1h);
        output = value(usage, "output_tokens", output);
    }

    /**
     * Anthropic's {@code input_tokens} excludes cache reads and writes, so each count is a bucket of
     * its own. {@code cache_creation_input_tokens} is every cache write; the {@code cache_creation}
     * object splits it by lifetime, and what it does not put in the 1-hour bucket was written for
     * 5 minutes (the default). Thinking is part of {@code output_tokens}, with no separate count.
     * Null when the upstream reported nothing.
     */
    public Usage usage() {
        if (input == null && cacheRead == null && cacheCreation == null && output == null) return null;
        int written = TokenCount.orZero(cacheCreation);
        int written1h = TokenCount.orZero(cacheCreation1h);
        return Usage.builder().input(TokenCount.orZero(input)).cacheRead(TokenCount.orZero(cacheRead))
                .cacheWrite5m(Usage.difference(written, written1h)).cacheWrite1h(written1h)
                .output(TokenCount.orZero(output)).build();
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
