package dev.llmgateway.core.cache;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The local store: a map in this process, bounded by total payload bytes (the least recently used
 * items go first), so a long local session cannot grow without end. Lost on restart, which is
 * fine for a cache.
 */
public final class InMemoryCacheStore implements CacheStore {
    /** 64 MiB of payloads by default. */
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
    private final Clock clock;
    private final long maxBytes;
    private final LinkedHashMap<String, Item> items = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    public InMemoryCacheStore(Clock clock) {
        this(clock, DEFAULT_MAX_BYTES);
    }

    public InMemoryCacheStore(Clock clock, long maxBytes) {
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    @Override
    public synchronized Optional<Item> get(String key) {
        Item item = items.get(key);
        if (item == null) return Optional.empty();
        if (!item.expiresAt().isAfter(clock.instant())) {
            remove(key);
            return Optional.empty();
        }
        return Optional.of(item);
    }

    @Override
    public synchronized void put(Item item) {
        remove(item.key());
        items.put(item.key(), item);
        bytes += item.payload().length;
        var oldest = items.entrySet().iterator();
        while (bytes > maxBytes && oldest.hasNext()) {
            Map.Entry<String, Item> e = oldest.next();
            bytes -= e.getValue().payload().length;
            oldest.remove();
        }
    }

    private void remove(String key) {
        Item old = items.remove(key);
        if (old != null) bytes -= old.payload().length;
    }

    @Override
    public String description() {
        return "in memory (at most " + maxBytes / (1024 * 1024) + " MiB)";
    }
}
