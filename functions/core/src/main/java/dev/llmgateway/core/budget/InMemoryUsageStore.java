package dev.llmgateway.core.budget;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Usage counters in process memory, for local mode. Each operation runs inside
 * {@link ConcurrentHashMap#compute}, which is atomic per key: the same per-item semantics a
 * DynamoDB conditional update gives. Expired items count as absent, as a TTL filter on read does.
 */
public final class InMemoryUsageStore implements UsageStore {
    private record Item(Totals totals, long expiresAt) {}

    private final ConcurrentHashMap<String, Item> items = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryUsageStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Optional<Totals> reserve(String key, Totals amount, Caps caps, long expiresAt) {
        if (caps.exceededBy(amount)) return Optional.empty();
        Totals[] after = new Totals[1];
        items.compute(key, (k, item) -> {
            Totals current = live(item);
            Totals next = current.plus(amount);
            if ((caps.tokens() != null && current.tokens() > caps.tokens() - amount.tokens())
                    || (caps.usdMicros() != null && current.usdMicros() > caps.usdMicros() - amount.usdMicros())) {
                return item; // the condition failed: leave the item as it was
            }
            after[0] = next;
            return new Item(next, expiresAt);
        });
        return Optional.ofNullable(after[0]);
    }

    @Override
    public Totals add(String key, Totals delta, long expiresAt) {
        return items.compute(key, (k, item) -> {
            Totals current = live(item);
            return new Item(current.plus(current.covers(delta) ? delta : delta.withoutNegativeParts()), expiresAt);
        }).totals();
    }

    @Override
    public Totals get(String key) {
        return live(items.get(key));
    }

    private Totals live(Item item) {
        return item == null || item.expiresAt() <= clock.instant().getEpochSecond() ? Totals.ZERO : item.totals();
    }
}
