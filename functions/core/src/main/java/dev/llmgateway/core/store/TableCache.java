package dev.llmgateway.core.store;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A small table as the request path sees it: read whole, reloaded at most once per TTL, so a
 * request never waits on a store read except the first after expiry, and a change made through the
 * admin API (here or in another process) takes effect within the TTL. If a reload fails the last
 * good table is kept and retried on the next request after the TTL.
 */
public final class TableCache<T> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TableCache.class);
    private final String what;
    private final Supplier<T> load;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private volatile Snapshot<T> snapshot;

    private record Snapshot<T>(T table, long loadedAt) {}

    /** @param what names the table in the warning logged when a reload fails */
    public TableCache(String what, Supplier<T> load, Duration ttl, LongSupplier nanoTime) {
        this.what = what;
        this.load = load;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    public T get() {
        Snapshot<T> s = snapshot;
        long now = nanoTime.getAsLong();
        if (s != null && now - s.loadedAt() < ttlNanos) return s.table();
        synchronized (this) {
            s = snapshot;
            if (s != null && now - s.loadedAt() < ttlNanos) return s.table();
            try {
                s = new Snapshot<>(load.get(), now);
            } catch (RuntimeException e) {
                if (s == null) throw e;
                s = new Snapshot<>(s.table(), now); // keep serving the last good table until the next TTL
                LOG.warn("reloading {} failed, keeping the cached table: {}", what, e.toString());
            }
            snapshot = s;
            return s.table();
        }
    }

    /** Drops the cached table; the next read reloads it (used after a local admin write). */
    public void invalidate() {
        snapshot = null;
    }
}
