package dev.llmgateway.core.budget;

/** Counters of one tenant and period: tokens, cost in micro-USD, and settled requests. Also used for deltas. */
public record Totals(long tokens, long usdMicros, long requests) {
    public static final Totals ZERO = new Totals(0, 0, 0);

    public Totals plus(Totals other) {
        return new Totals(tokens + other.tokens, usdMicros + other.usdMicros, requests + other.requests);
    }

    public Totals minus(Totals other) {
        return new Totals(tokens - other.tokens, usdMicros - other.usdMicros, requests - other.requests);
    }

    public Totals negate() {
        return new Totals(-tokens, -usdMicros, -requests);
    }

    /** The delta without its negative parts (what {@link UsageStore#add} applies when a give-back is not covered). */
    public Totals withoutNegativeParts() {
        return new Totals(Math.max(0, tokens), Math.max(0, usdMicros), Math.max(0, requests));
    }

    /** Whether these counters are at least as large as every negative part of {@code delta}. */
    public boolean covers(Totals delta) {
        return (delta.tokens >= 0 || tokens >= -delta.tokens) && (delta.usdMicros >= 0 || usdMicros >= -delta.usdMicros)
                && (delta.requests >= 0 || requests >= -delta.requests);
    }

    public boolean isZero() {
        return tokens == 0 && usdMicros == 0 && requests == 0;
    }
}
