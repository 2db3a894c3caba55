package dev.llmgateway.core.limit;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Rate-limit counters in process memory, for local mode: each operation runs inside
 * {@link ConcurrentHashMap#compute}, atomic per scope, as a DynamoDB conditional update is per item.
 */
public final class InMemoryLimitStore implements LimitStore {
    private final ConcurrentHashMap<String, Counters> items = new ConcurrentHashMap<>();

    @Override
    public Admission admit(String scope, long window, Limits limits, long tokens, long expiresAt) {
        boolean slot = limits.maxConcurrentRequests() != null;
        Admission[] outcome = new Admission[1];
        items.compute(scope, (k, stored) -> {
            Counters current = (stored == null ? Counters.EMPTY : stored).in(window);
            Admission.Refused refused = current.refusal(limits, tokens, slot);
            if (refused != null) {
                outcome[0] = refused;
                return stored;
            }
            Counters after = new Counters(current.window(), current.requests() + 1, current.tokens() + tokens, current.inflight() + (slot ? 1 : 0));
            outcome[0] = new Admission.Admitted(after);
            return after;
        });
        return outcome[0];
    }

    @Override
    public void adjust(String scope, long window, long requests, long tokens, long inflight, long expiresAt) {
        items.compute(scope, (k, stored) -> {
            Counters c = stored == null ? Counters.EMPTY : stored;
            boolean same = c.window() == window;
            return new Counters(c.window(), c.requests() + (same ? requests : 0), c.tokens() + (same ? tokens : 0), c.inflight() + inflight);
        });
    }

    @Override
    public Counters get(String scope) {
        return items.getOrDefault(scope, Counters.EMPTY);
    }
}
