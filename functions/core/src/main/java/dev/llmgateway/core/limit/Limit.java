package dev.llmgateway.core.limit;

import java.util.Locale;

/** The dimension of a rate limit; {@link #wireName} is the {@code limit} label of {@code gateway_rate_limited_total}. */
public enum Limit {
    REQUESTS, TOKENS, CONCURRENT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
