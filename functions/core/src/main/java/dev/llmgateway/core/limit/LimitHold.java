package dev.llmgateway.core.limit;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * What one admitted request holds of its scopes' limits: the estimated tokens in each scope's
 * minute and, where concurrency is limited, a slot. Exactly one of {@link #settle} or
 * {@link #release} takes effect; both free the slot. The request itself stays counted: it was made.
 */
public final class LimitHold {
    public static final LimitHold NONE = new LimitHold(null, List.of(), 0, e -> {});

    /**
     * One scope's counter this request was admitted into; {@code tokens}: the scope limits tokens,
     * so the estimate must be settled (otherwise the admission alone is all it costs).
     */
    record Held(String counterKey, long window, boolean slot, boolean tokens, long expiresAt) {}

    private final LimitStore store;
    private final List<Held> held;
    private final long estimate;
    private final Consumer<RuntimeException> onStoreFailure;
    private final AtomicBoolean done = new AtomicBoolean();

    LimitHold(LimitStore store, List<Held> held, long estimate, Consumer<RuntimeException> onStoreFailure) {
        this.store = store;
        this.held = List.copyOf(held);
        this.estimate = estimate;
        this.onStoreFailure = onStoreFailure;
    }

    /** Replaces the estimate by the tokens really used, in each scope's minute (if it is still the current one). */
    public void settle(long tokens) {
        finish(tokens - estimate);
    }

    /** Nothing was served: the estimated tokens are given back. */
    public void release() {
        finish(-estimate);
    }

    private void finish(long tokenDelta) {
        if (!done.compareAndSet(false, true)) return;
        for (Held h : held) {
            if (h.slot() || h.tokens()) adjust(h, 0, h.tokens() ? tokenDelta : 0);
        }
    }

    /** Takes the whole admission back, the request included (a later scope or the budget refused it). */
    public void cancel() {
        if (!done.compareAndSet(false, true)) return;
        for (Held h : held) adjust(h, -1, h.tokens() ? -estimate : 0);
    }

    private void adjust(Held h, long requests, long tokens) {
        try {
            store.adjust(h.counterKey(), h.window(), requests, tokens, h.slot() ? -1 : 0, h.expiresAt());
        } catch (RuntimeException e) {
            onStoreFailure.accept(e); // the counters drift by this request; nothing else can be done now
        }
    }
}
