package dev.llmgateway.core.ledger;

import dev.llmgateway.core.api.Usage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * What settled requests used, summed: how many ({@code requests}; {@code estimated} of them counted
 * by the gateway rather than reported, {@code unpriced} of them served by a model without a known
 * price), the tokens charged to budgets, the cost in micro-USD, and every {@link Usage} bucket.
 */
public record LedgerCounts(long requests, long estimated, long unpriced, long tokens, long usdMicros,
                           long input, long cacheRead, long cacheWrite5m, long cacheWrite1h, long output,
                           long reasoning, long audioInput, long imageInput, long audioOutput) {
    public static final LedgerCounts ZERO = new LedgerCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The field names as stored and exported, in order; {@link #fields} and {@link #read} use them. */
    public static final java.util.List<String> NAMES = java.util.List.of("requests", "estimated_requests", "unpriced_requests",
            "tokens", "usd_micros", "input_tokens", "cache_read_tokens", "cache_write_5m_tokens", "cache_write_1h_tokens",
            "output_tokens", "reasoning_tokens", "audio_input_tokens", "image_input_tokens", "audio_output_tokens");

    /**
     * One settled request: {@code tokens} and {@code usdMicros} as charged, {@code usage} the usage
     * recorded (null: the upstream reported none and the estimate was charged, so it counts as estimated).
     */
    public static LedgerCounts settled(long tokens, long usdMicros, Usage usage, boolean unpriced) {
        Usage u = usage == null ? Usage.builder().build() : usage;
        return new LedgerCounts(1, usage == null || usage.estimated() ? 1 : 0, unpriced ? 1 : 0, tokens, usdMicros,
                u.inputTokens(), u.cacheReadTokens(), u.cacheWrite5mTokens(), u.cacheWrite1hTokens(), u.outputTokens(),
                u.reasoningTokens(), u.audioInputTokens(), u.imageInputTokens(), u.audioOutputTokens());
    }

    public LedgerCounts plus(LedgerCounts o) {
        return new LedgerCounts(requests + o.requests, estimated + o.estimated, unpriced + o.unpriced, tokens + o.tokens,
                usdMicros + o.usdMicros, input + o.input, cacheRead + o.cacheRead, cacheWrite5m + o.cacheWrite5m,
                cacheWrite1h + o.cacheWrite1h, output + o.output, reasoning + o.reasoning, audioInput + o.audioInput,
                imageInput + o.imageInput, audioOutput + o.audioOutput);
    }

    /** Every field by its name in {@link #NAMES}. */
    public Map<String, Long> fields() {
        long[] v = {requests, estimated, unpriced, tokens, usdMicros, input, cacheRead, cacheWrite5m, cacheWrite1h, output,
                reasoning, audioInput, imageInput, audioOutput};
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < v.length; i++) out.put(NAMES.get(i), v[i]);
        return out;
    }

    /** The counts read field by field ({@code value} gives 0 for a field that is absent). */
    public static LedgerCounts read(ToLongFunction<String> value) {
        long[] v = new long[NAMES.size()];
        for (int i = 0; i < v.length; i++) v[i] = value.applyAsLong(NAMES.get(i));
        return new LedgerCounts(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13]);
    }
}
