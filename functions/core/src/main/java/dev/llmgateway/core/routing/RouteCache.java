package dev.llmgateway.core.routing;

import dev.llmgateway.core.store.TableCache;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The routes as the request path sees them: the whole table, reloaded at most once per TTL, so a
 * request never waits on a store read except the first after expiry, and a route changed by the
 * admin API (here or in another process) takes effect within the TTL without a redeploy. If a
 * reload fails the last good table is kept and retried on the next request after the TTL.
 */
public final class RouteCache {
    private final TableCache<Map<String, Route>> table;

    public RouteCache(RouteStore store, Duration ttl) {
        this(store, ttl, System::nanoTime);
    }

    RouteCache(RouteStore store, Duration ttl, LongSupplier nanoTime) {
        this.table = new TableCache<>("routes",
                () -> store.list().stream().collect(Collectors.toUnmodifiableMap(Route::model, Function.identity())), ttl, nanoTime);
    }

    /** The route for a public model name, or null when the name is not routed. */
    public Route find(String model) {
        return table.get().get(model);
    }

    /** Every routed public model name (for {@code GET /v1/models}). */
    public java.util.Set<String> models() {
        return table.get().keySet();
    }

    /** Drops the cached table; the next lookup reloads it (used after a local admin write). */
    public void invalidate() {
        table.invalidate();
    }
}
