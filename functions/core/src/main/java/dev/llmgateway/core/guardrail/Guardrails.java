package dev.llmgateway.core.guardrail;

import dev.llmgateway.core.store.TableCache;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The policies as the request path sees them: the whole table, reloaded at most once per TTL
 * ({@code GUARDRAILS_CACHE_TTL_MS}, 10 s by default), so a policy changed through the admin API takes
 * effect within it in every process, and at once in the one that took the change. A request's
 * {@link Rules} combine every policy whose scope covers its tenant, key or route; combinations
 * are built once per table load and shared, since the same few recur.
 */
public final class Guardrails {
    private final TableCache<Table> table;

    private record Table(List<Policy> policies, Map<List<String>, Rules> combined) {}

    public Guardrails(PolicyStore store, Duration ttl) {
        this(store, ttl, System::nanoTime);
    }

    Guardrails(PolicyStore store, Duration ttl, LongSupplier nanoTime) {
        this.table = new TableCache<>("guardrail policies", () -> new Table(store.list(), new ConcurrentHashMap<>()), ttl, nanoTime);
    }

    /** The rules for a request by {@code tenant} with key {@code keyId} (either may be null) to the public model name {@code model}. */
    public Rules rules(String tenant, String keyId, String model) {
        Table t = table.get();
        if (t.policies().isEmpty()) return Rules.NONE;
        List<Policy> applicable = t.policies().stream().filter(p -> p.scope().covers(tenant, keyId, model)).toList();
        if (applicable.isEmpty()) return Rules.NONE;
        return t.combined().computeIfAbsent(applicable.stream().map(Policy::id).toList(), ids -> new Rules(applicable));
    }

    /** A fresh guard for one request. */
    public Guard guard(String tenant, String keyId, String model) {
        return new Guard(rules(tenant, keyId, model));
    }

    /** Drops the cached table (after a local admin write). */
    public void invalidate() {
        table.invalidate();
    }
}
