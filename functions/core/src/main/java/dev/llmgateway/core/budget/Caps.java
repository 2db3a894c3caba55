package dev.llmgateway.core.budget;

/** The caps of one period: tokens and micro-USD; null means no cap on that dimension. */
public record Caps(Long tokens, Long usdMicros) {
    public static final Caps NONE = new Caps(null, null);

    public boolean none() {
        return tokens == null && usdMicros == null;
    }

    /** Whether {@code amount} alone already exceeds a cap, so no reservation can ever succeed. */
    public boolean exceededBy(Totals amount) {
        return (tokens != null && amount.tokens() > tokens) || (usdMicros != null && amount.usdMicros() > usdMicros);
    }
}
