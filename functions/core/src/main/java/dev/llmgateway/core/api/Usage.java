package dev.llmgateway.core.api;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tokens of one request, in buckets that never overlap, so each is priced once:
 * {@code inputTokens} (uncached input), {@code cacheReadTokens}, {@code cacheWrite5mTokens} and
 * {@code cacheWrite1hTokens} (cache writes by lifetime; a provider that does not distinguish them
 * reports 5-minute writes, its default), and {@code outputTokens}. Three breakdowns are parts of
 * those buckets, not additions: {@code reasoningTokens} and {@code audioOutputTokens} of the output,
 * {@code audioInputTokens} and {@code imageInputTokens} of the uncached input. {@code estimated}
 * marks usage the gateway counted itself (a stream that ended before the upstream reported any).
 *
 * <p>Clients see OpenAI's shape ({@link #wire()}): {@code prompt_tokens} includes cache reads and
 * writes, with {@code prompt_tokens_details} and {@code completion_tokens_details}.
 */
public record Usage(int inputTokens, int cacheReadTokens, int cacheWrite5mTokens, int cacheWrite1hTokens,
                    int outputTokens, int reasoningTokens, int audioInputTokens, int imageInputTokens,
                    int audioOutputTokens, boolean estimated) {

    /** OpenAI's convention: {@code prompt} includes the {@code cached} (cache read) tokens. */
    public static Usage of(int prompt, int completion, int cached) {
        return builder().input(difference(prompt, cached)).cacheRead(cached).output(completion).build();
    }

    /**
     * {@code whole - part} for counts read with {@link TokenCount}: an unreadable count stays
     * unreadable, and a part larger than the whole gives a negative count, so {@link UsageCheck}
     * still sees what was wrong.
     */
    public static int difference(int whole, int part) {
        if (whole == TokenCount.UNREADABLE || part == TokenCount.UNREADABLE) return TokenCount.UNREADABLE;
        return (int) Math.max(Integer.MIN_VALUE + 1L, Math.min(Integer.MAX_VALUE, (long) whole - part));
    }

    public static Usage of(int prompt, int completion) {
        return of(prompt, completion, 0);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every input token, as OpenAI's {@code prompt_tokens} counts them: uncached, cache reads and cache writes. */
    public int promptTokens() {
        return TokenCount.sum(inputTokens, cacheReadTokens, cacheWrite5mTokens, cacheWrite1hTokens);
    }

    public int completionTokens() {
        return outputTokens;
    }

    public int totalTokens() {
        return TokenCount.sum(promptTokens(), outputTokens);
    }

    public int cachedTokens() {
        return cacheReadTokens;
    }

    public int cacheWriteTokens() {
        return TokenCount.sum(cacheWrite5mTokens, cacheWrite1hTokens);
    }

    /**
     * The parts of {@link #promptTokens()} and {@link #completionTokens()} by name, in one place for
     * code that must cover every bucket (metrics label them {@code direction}).
     */
    public Map<String, Integer> breakdown() {
        Map<String, Integer> parts = new LinkedHashMap<>();
        parts.put("cache_read", cacheReadTokens);
        parts.put("cache_write_5m", cacheWrite5mTokens);
        parts.put("cache_write_1h", cacheWrite1hTokens);
        parts.put("reasoning", reasoningTokens);
        parts.put("audio_input", audioInputTokens);
        parts.put("image_input", imageInputTokens);
        parts.put("audio_output", audioOutputTokens);
        return parts;
    }

    /**
     * OpenAI's {@code usage} object. The details objects appear when they have something to say;
     * {@code prompt_tokens_details.cache_write_tokens} is an extension (as OpenAI-compatible
     * services name it) that the SDKs ignore.
     */
    @JsonValue
    public Map<String, Object> wire() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("prompt_tokens", promptTokens());
        out.put("completion_tokens", outputTokens);
        out.put("total_tokens", totalTokens());
        if (cacheReadTokens > 0 || cacheWriteTokens() > 0 || audioInputTokens > 0 || imageInputTokens > 0) {
            Map<String, Object> prompt = new LinkedHashMap<>();
            prompt.put("cached_tokens", cacheReadTokens);
            if (cacheWriteTokens() > 0) prompt.put("cache_write_tokens", cacheWriteTokens());
            if (audioInputTokens > 0) prompt.put("audio_tokens", audioInputTokens);
            if (imageInputTokens > 0) prompt.put("image_tokens", imageInputTokens);
            out.put("prompt_tokens_details", prompt);
        }
        if (reasoningTokens > 0 || audioOutputTokens > 0) {
            Map<String, Object> completion = new LinkedHashMap<>();
            completion.put("reasoning_tokens", reasoningTokens);
            if (audioOutputTokens > 0) completion.put("audio_tokens", audioOutputTokens);
            out.put("completion_tokens_details", completion);
        }
        return out;
    }

    /**
     * Reads an OpenAI (or OpenAI-compatible) {@code usage} object; null when absent.
     * {@code prompt_tokens} includes {@code prompt_tokens_details.cached_tokens} (DeepSeek names
     * them {@code prompt_cache_hit_tokens}) and any {@code cache_write_tokens}; those are taken out
     * of the uncached input. {@code completion_tokens} includes the reasoning tokens.
     */
    public static Usage fromOpenAi(JsonNode node) {
        if (node == null || !node.isObject()) return null;
        JsonNode prompt = node.path("prompt_tokens_details");
        JsonNode completion = node.path("completion_tokens_details");
        int cached = TokenCount.read(prompt.has("cached_tokens") ? prompt.get("cached_tokens") : node.get("prompt_cache_hit_tokens"));
        int written = TokenCount.read(prompt.get("cache_write_tokens"));
        return builder()
                .input(difference(TokenCount.read(node.get("prompt_tokens")), TokenCount.sum(cached, written)))
                .cacheRead(cached)
                .cacheWrite5m(written)
                .output(TokenCount.read(node.get("completion_tokens")))
                .reasoning(TokenCount.read(completion.get("reasoning_tokens")))
                .audioInput(TokenCount.read(prompt.get("audio_tokens")))
                .imageInput(TokenCount.read(prompt.get("image_tokens")))
                .audioOutput(TokenCount.read(completion.get("audio_tokens")))
                .build();
    }

    /**
     * Reads a Responses API {@code usage} object; null when absent. {@code input_tokens} includes
     * {@code input_tokens_details.cached_tokens}, {@code output_tokens} includes
     * {@code output_tokens_details.reasoning_tokens}, as in chat's usage.
     */
    public static Usage fromResponses(JsonNode node) {
        if (node == null || !node.isObject()) return null;
        int cached = TokenCount.read(node.path("input_tokens_details").get("cached_tokens"));
        return builder()
                .input(difference(TokenCount.read(node.get("input_tokens")), cached))
                .cacheRead(cached)
                .output(TokenCount.read(node.get("output_tokens")))
                .reasoning(TokenCount.read(node.path("output_tokens_details").get("reasoning_tokens")))
                .build();
    }

    /** The Responses API's shape of this usage: input with its cached part, output with its reasoning part. */
    public Map<String, Object> responsesWire() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("input_tokens", promptTokens());
        out.put("input_tokens_details", Map.of("cached_tokens", cacheReadTokens));
        out.put("output_tokens", outputTokens);
        out.put("output_tokens_details", Map.of("reasoning_tokens", reasoningTokens));
        out.put("total_tokens", totalTokens());
        return out;
    }

    /** Builds a usage bucket by bucket; unset buckets are 0. */
    public static final class Builder {
        private int input, cacheRead, cacheWrite5m, cacheWrite1h, output, reasoning, audioInput, imageInput, audioOutput;
        private boolean estimated;

        public Builder input(int v) { input = v; return this; }
        public Builder cacheRead(int v) { cacheRead = v; return this; }
        public Builder cacheWrite5m(int v) { cacheWrite5m = v; return this; }
        public Builder cacheWrite1h(int v) { cacheWrite1h = v; return this; }
        public Builder output(int v) { output = v; return this; }
        public Builder reasoning(int v) { reasoning = v; return this; }
        public Builder audioInput(int v) { audioInput = v; return this; }
        public Builder imageInput(int v) { imageInput = v; return this; }
        public Builder audioOutput(int v) { audioOutput = v; return this; }
        public Builder estimated(boolean v) { estimated = v; return this; }

        public Usage build() {
            return new Usage(input, cacheRead, cacheWrite5m, cacheWrite1h, output, reasoning, audioInput, imageInput,
                    audioOutput, estimated);
        }
    }
}
