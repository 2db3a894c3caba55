package dev.llmgateway.core.budget;

import java.util.Optional;

/**
 * Usage counters per key ({@code <tenant>#d#2025-11-25}, {@code <tenant>#m#2025-11}). Every method
 * is one atomic operation on one key; implementations must give the same semantics, which the
 * shared contract test checks for each of them.
 */
public interface UsageStore {
    /**
     * Adds {@code amount} to the counters only if no counter then exceeds its cap, atomically
     * ({@code consumed <= cap - amount} evaluated and applied as one step). Returns the counters
     * after the addition, or empty when a cap would have been crossed (nothing is added then).
     *
     * @param expiresAt epoch seconds after which the item may be deleted (DynamoDB TTL)
     */
    Optional<Totals> reserve(String key, Totals amount, Caps caps, long expiresAt);

    /**
     * Adds {@code delta} (which may be negative: a give-back) without a cap check; returns the
     * counters after. A counter never goes below zero: if the counters do not cover every negative
     * part of the delta ({@link Totals#covers}), those parts are dropped and only the rest is added.
     * Every give-back returns what the same request added before, so this happens only if that was
     * lost (an item expired or deleted in between); erring that way can only overcharge.
     */
    Totals add(String key, Totals delta, long expiresAt);

    /** The counters, zero when the key has none (or they have expired). */
    Totals get(String key);
}
