package dev.llmgateway.core.routing;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmgateway.core.api.Usage;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * USD per one million tokens, one rate per {@link Usage} bucket: uncached input, output, cache
 * reads, 5-minute and 1-hour cache writes, and audio input (Gemini prices it apart). A price per
 * 1M tokens in USD is exactly the price per token in micro-USD, so costs are whole micro-dollars
 * (rounded up once per request) and the budget counters never accumulate floating-point drift.
 *
 * <p>Unset rates fall back to the input rate (a provider that does not discount cache reads or
 * charge extra for writes bills them as input); the 1-hour write falls back to the 5-minute one.
 * {@code longContext}, when set, replaces every rate for a request whose prompt (all input
 * buckets) is above its threshold, as Anthropic and Gemini bill prompts above 200k tokens.
 * {@code assumed} marks the operator's default price for a model without a known price. As JSON
 * (route targets) the rates are {@code input}, {@code output}, {@code cached_input},
 * {@code cache_write_5m}, {@code cache_write_1h} and {@code audio_input}.
 */
public record Price(BigDecimal input, BigDecimal output, @JsonProperty("cached_input") BigDecimal cacheRead,
                    @JsonProperty("cache_write_5m") BigDecimal cacheWrite5m, @JsonProperty("cache_write_1h") BigDecimal cacheWrite1h,
                    BigDecimal audioInput, @JsonIgnore LongContext longContext, @JsonIgnore boolean assumed) {

    /** The rates that apply to a request whose prompt is above {@code aboveInputTokens}. */
    public record LongContext(long aboveInputTokens, Price price) {}

    public Price {
        if (input == null || output == null) throw new IllegalArgumentException("a price needs input and output");
        input = plain(input);
        output = plain(output);
        cacheRead = plain(cacheRead);
        cacheWrite5m = plain(cacheWrite5m);
        cacheWrite1h = plain(cacheWrite1h);
        audioInput = plain(audioInput);
        if (cacheRead == null) cacheRead = input;
        if (cacheWrite5m == null) cacheWrite5m = input;
        if (cacheWrite1h == null) cacheWrite1h = cacheWrite5m;
        if (audioInput == null) audioInput = input;
        for (BigDecimal rate : new BigDecimal[] {input, output, cacheRead, cacheWrite5m, cacheWrite1h, audioInput}) {
            if (rate.signum() < 0) throw new IllegalArgumentException("prices cannot be negative");
        }
    }

    /** Input, output and cache-read rates; cache writes at the input rate. */
    public Price(BigDecimal input, BigDecimal output, BigDecimal cacheRead) {
        this(input, output, cacheRead, null, null, null, null, false);
    }

    public static Price of(String input, String output, String cacheRead) {
        return new Price(new BigDecimal(input), new BigDecimal(output), cacheRead == null ? null : new BigDecimal(cacheRead));
    }

    /** The same rates marked as the operator's assumption for an unpriced model. */
    public Price asAssumed() {
        return new Price(input, output, cacheRead, cacheWrite5m, cacheWrite1h, audioInput, longContext, true);
    }

    /** The cost of served usage in micro-USD, rounded up. */
    public long costMicros(Usage usage) {
        if (usage == null) return 0;
        Price rates = longContext != null && usage.promptTokens() > longContext.aboveInputTokens() ? longContext.price() : this;
        return micros(rates.exact(usage));
    }

    private BigDecimal exact(Usage usage) {
        int audio = Math.min(usage.audioInputTokens(), usage.inputTokens());
        return input.multiply(BigDecimal.valueOf(usage.inputTokens() - audio))
                .add(audioInput.multiply(BigDecimal.valueOf(audio)))
                .add(cacheRead.multiply(BigDecimal.valueOf(usage.cacheReadTokens())))
                .add(cacheWrite5m.multiply(BigDecimal.valueOf(usage.cacheWrite5mTokens())))
                .add(cacheWrite1h.multiply(BigDecimal.valueOf(usage.cacheWrite1hTokens())))
                .add(output.multiply(BigDecimal.valueOf(usage.outputTokens())));
    }

    /** An upper bound of the cost of {@code promptTokens} in and {@code outputTokens} out, whatever bucket the input lands in. */
    public long maxCostMicros(long promptTokens, long outputTokens) {
        Price rates = longContext != null && promptTokens > longContext.aboveInputTokens() ? longContext.price() : this;
        BigDecimal in = rates.input.max(rates.cacheRead).max(rates.cacheWrite5m).max(rates.cacheWrite1h).max(rates.audioInput);
        return micros(in.multiply(BigDecimal.valueOf(promptTokens)).add(rates.output.multiply(BigDecimal.valueOf(outputTokens))));
    }

    /** A single number to rank targets by: what a typical request (3 input tokens per output token) costs. */
    @JsonIgnore
    public BigDecimal blended() {
        return input.multiply(BigDecimal.valueOf(3)).add(output);
    }

    /** One spelling per amount (2.50 and 2.5 are the same price), written without an exponent. */
    private static BigDecimal plain(BigDecimal rate) {
        if (rate == null) return null;
        BigDecimal stripped = rate.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static long micros(BigDecimal value) {
        return value.setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
