package dev.llmgateway.core.budget;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one request holds of its tenant's budget until it ends. Exactly one of {@link #settle},
 * {@link #release} or {@link #close} takes effect (whichever comes first), so a request can never
 * be counted twice or left reserved by an exception path: {@code close} releases what was not settled.
 */
public final class Reservation implements AutoCloseable {
    private final UsageStore store;
    private final List<Hold> holds;
    private final Totals reserved;
    private final AtomicBoolean done = new AtomicBoolean();

    /** One period counter this reservation was added to. */
    record Hold(String key, long expiresAt) {}

    Reservation(UsageStore store, List<Hold> holds, Totals reserved) {
        this.store = store;
        this.holds = List.copyOf(holds);
        this.reserved = reserved;
    }

    /** What was reserved (zero for a tenant without caps, whose usage is only recorded). */
    public Totals reserved() {
        return reserved;
    }

    /**
     * Replaces the reservation by the real usage (tokens and cost) and counts the request. The
     * difference is added without a condition: the tokens were served, so they are recorded even
     * in the rare case that they exceed the estimate. A charge is never below zero (a negative one
     * is taken as zero), so settling gives back at most what was reserved: the callers validate
     * usage first ({@code UsageCheck}); this is the last guard before the counters.
     */
    public void settle(long tokens, long usdMicros) {
        if (!done.compareAndSet(false, true)) return;
        Totals delta = new Totals(Math.max(0, tokens), Math.max(0, usdMicros), 1).minus(reserved);
        for (Hold hold : holds) store.add(hold.key(), delta, hold.expiresAt());
    }

    /** Gives the whole reservation back: nothing was served. */
    public void release() {
        if (!done.compareAndSet(false, true)) return;
        if (reserved.isZero()) return;
        for (Hold hold : holds) store.add(hold.key(), reserved.negate(), hold.expiresAt());
    }

    public boolean done() {
        return done.get();
    }

    @Override
    public void close() {
        release();
    }
}
