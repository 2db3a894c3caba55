package dev.llmgateway.core.routing;

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
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RouteCache.class);
    private final RouteStore store;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private volatile Snapshot snapshot;

    private record Snapshot(Map<String, Route> routes, long loadedAt) {}

    public RouteCache(RouteStore store, Duration ttl) {
        this(store, ttl, System::nanoTime);
    }

    RouteCache(RouteStore store, Duration ttl, LongSupplier nanoTime) {
        this.store = store;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The route for a public model name, or null when the name is not routed. */
    public Route find(String model) {
        return current().routes().get(model);
    }

    /** Every routed public model name (for {@code GET /v1/models}). */
    public java.util.Set<String> models() {
        return current().routes().keySet();
    }

    /** Drops the cached table; the next lookup reloads it (used after a local admin write). */
    public void invalidate() {
        snapshot = null;
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        long now = nanoTime.getAsLong();
        if (s != null && now - s.loadedAt() < ttlNanos) return s;
        synchronized (this) {
            s = snapshot;
            if (s != null && now - s.loadedAt() < ttlNanos) return s;
            try {
                s = new Snapshot(store.list().stream().collect(Collectors.toUnmodifiableMap(Route::model, Function.identity())), now);
            } catch (RuntimeException e) {
                if (s == null) throw e;
                s = new Snapshot(s.routes(), now); // keep serving the last good table until the next TTL
                LOG.warn("reloading routes failed, keeping the cached table: {}", e.toString());
            }
            snapshot = s;
            return s;
        }
    }
}
