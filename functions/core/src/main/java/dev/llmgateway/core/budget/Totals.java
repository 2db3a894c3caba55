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

    public boolean isZero() {
        return tokens == 0 && usdMicros == 0 && requests == 0;
    }
}
