package dev.llmgateway.core.cache;

import java.time.Instant;
import java.util.Optional;

/**
 * Where encoded cache entries live: in memory ({@link InMemoryCacheStore}) or in DynamoDB
 * ({@link DynamoCacheStore}), behind one contract. A store never returns an item past its
 * {@code expiresAt} (DynamoDB's TTL deletes late, so reads check it themselves). A put replaces
 * the item whole, so a reader sees the old entry or the new one, never a mix.
 */
public interface CacheStore {
    /** One stored item: the key, the tenant that stored it, the encoded entry, and when it stops being served. */
    record Item(String key, String tenantId, byte[] payload, Instant expiresAt) {}

    Optional<Item> get(String key);

    void put(Item item);

    /** For the startup log line. */
    String description();
}
