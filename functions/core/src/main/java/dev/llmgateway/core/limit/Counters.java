package dev.llmgateway.core.limit;

/**
 * One scope's counters: the minute {@code window} they belong to (epoch minutes), the requests and
 * tokens admitted in it, and the requests in flight (which outlive windows).
 */
public record Counters(long window, long requests, long tokens, long inflight) {
    public static final Counters EMPTY = new Counters(0, 0, 0, 0);

    /**
     * The counters as seen from {@code window}: a later window starts with no requests and tokens;
     * counters already in a later window (another environment's clock is a little ahead) stay as they are.
     */
    public Counters in(long window) {
        return this.window >= window ? this : new Counters(window, 0, 0, inflight);
    }

    /** The refusal of a request of {@code tokens} by these counters, or null when it fits. */
    public LimitStore.Admission.Refused refusal(Limits limits, long tokens, boolean holdsSlot) {
        Limit crossed = crossedBy(limits, tokens, holdsSlot);
        return crossed == null ? null : new LimitStore.Admission.Refused(crossed, this);
    }

    /** Which limit admitting {@code tokens} more (and one request) would cross, or null when it fits. */
    Limit crossedBy(Limits limits, long tokens, boolean holdsSlot) {
        if (limits.requestsPerMinute() != null && requests >= limits.requestsPerMinute()) return Limit.REQUESTS;
        if (limits.tokensPerMinute() != null && this.tokens > limits.tokensPerMinute() - tokens) return Limit.TOKENS;
        if (holdsSlot && inflight >= limits.maxConcurrentRequests()) return Limit.CONCURRENT;
        return null;
    }
}
