package dev.llmgateway.core.limit;

/**
 * Rate-limit counters, one item per scope ({@code lim#<scope>}). Each method is one atomic
 * operation on that item (in DynamoDB a conditional {@code UpdateItem}; the store may need a second
 * one when the window rolls over, and a read to explain a refusal). Implementations must give the
 * same semantics, which the shared contract test checks.
 */
public interface LimitStore {
    /** The outcome of an admission. */
    sealed interface Admission {
        /** Counted; {@code after} are the counters including this request. */
        record Admitted(Counters after) implements Admission {}

        /** {@code limit} is full; nothing was added. */
        record Refused(Limit limit, Counters current) implements Admission {}
    }

    /**
     * Counts one request with {@code tokens} (its estimate) in the minute {@code window}, and one
     * request in flight when {@code limits} caps concurrency, only if no limit is crossed then. A
     * new window starts the request and token counts from zero; the in-flight count carries over.
     * If the item is already in a later window (clocks of environments differ slightly), the
     * request is counted there: {@code Admitted.after().window()} says where.
     *
     * @param expiresAt epoch seconds after which the item may be deleted (DynamoDB TTL)
     */
    Admission admit(String scope, long window, Limits limits, long tokens, long expiresAt);

    /**
     * Adds {@code requests} and {@code tokens} (either may be negative) to the counts of
     * {@code window} if the item is still in that window (else they no longer matter), and
     * {@code inflight} to the in-flight count unconditionally.
     */
    void adjust(String scope, long window, long requests, long tokens, long inflight, long expiresAt);

    /** The scope's counters as stored (an absent item is {@link Counters#EMPTY}). */
    Counters get(String scope);
}
