package dev.llmgateway.core.routing;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.llmgateway.core.api.Usage;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * USD per one million tokens: input, output and cached input. A price per 1M tokens in USD is
 * exactly the price per token in micro-USD, so costs are kept as whole micro-dollars (rounded up
 * per request) and the budget counters never accumulate floating-point drift.
 *
 * <p>{@link Usage} follows OpenAI's convention, where {@code prompt_tokens} already includes the
 * cached tokens: those are billed once, at the cached rate, and only the rest at the input rate.
 */
public record Price(BigDecimal input, BigDecimal output, BigDecimal cachedInput) {
    public Price {
        if (input == null || output == null) throw new IllegalArgumentException("a price needs input and output");
        if (cachedInput == null) cachedInput = input;
        if (input.signum() < 0 || output.signum() < 0 || cachedInput.signum() < 0) {
            throw new IllegalArgumentException("prices cannot be negative");
        }
    }

    public static Price of(String input, String output, String cachedInput) {
        return new Price(new BigDecimal(input), new BigDecimal(output), cachedInput == null ? null : new BigDecimal(cachedInput));
    }

    /** The cost of served usage in micro-USD, rounded up. */
    public long costMicros(Usage usage) {
        if (usage == null) return 0;
        long cached = Math.min(usage.cachedTokens(), usage.promptTokens());
        long uncached = usage.promptTokens() - cached;
        return micros(input.multiply(BigDecimal.valueOf(uncached))
                .add(cachedInput.multiply(BigDecimal.valueOf(cached)))
                .add(output.multiply(BigDecimal.valueOf(usage.completionTokens()))));
    }

    /** An upper bound of the cost of {@code promptTokens} in and {@code outputTokens} out (no cache discount). */
    public long maxCostMicros(long promptTokens, long outputTokens) {
        return micros(input.max(cachedInput).multiply(BigDecimal.valueOf(promptTokens))
                .add(output.multiply(BigDecimal.valueOf(outputTokens))));
    }

    /** A single number to rank targets by: what a typical request (3 input tokens per output token) costs. */
    @JsonIgnore
    public BigDecimal blended() {
        return input.multiply(BigDecimal.valueOf(3)).add(output);
    }

    private static long micros(BigDecimal value) {
        return value.setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
