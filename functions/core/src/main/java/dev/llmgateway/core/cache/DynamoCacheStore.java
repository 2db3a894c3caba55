package dev.llmgateway.core.cache;

import dev.llmgateway.core.store.DynamoTables;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Cache entries in DynamoDB ({@code CACHE_TABLE}), one item per key: {@code pk} = the key (a
 * SHA-256), {@code tenant}, {@code payload} (the encoded entry, binary) and {@code expires_at}
 * (epoch seconds, the table's TTL attribute; expiries are whole seconds). Only {@code GetItem} and {@code PutItem} on the
 * request path; an eventually consistent read is enough for a cache and costs half.
 */
public final class DynamoCacheStore implements CacheStore {
    public static final String PK = DynamoTables.PK;
    public static final String EXPIRES_AT = DynamoTables.EXPIRES_AT;
    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;

    public DynamoCacheStore(DynamoDbClient client, String table, Clock clock) {
        this.client = client;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Optional<Item> get(String key) {
        Map<String, AttributeValue> item = client.getItem(r -> r.tableName(table).key(Map.of(PK, AttributeValue.fromS(key)))).item();
        if (item == null || item.isEmpty() || !item.containsKey("payload") || !item.containsKey("tenant") || !item.containsKey(EXPIRES_AT)) {
            return Optional.empty();
        }
        Instant expires = Instant.ofEpochSecond(Long.parseLong(item.get(EXPIRES_AT).n()));
        if (!expires.isAfter(clock.instant())) return Optional.empty();
        return Optional.of(new Item(key, item.get("tenant").s(), item.get("payload").b().asByteArrayUnsafe(), expires));
    }

    @Override
    public void put(Item item) {
        client.putItem(r -> r.tableName(table).item(Map.of(
                PK, AttributeValue.fromS(item.key()),
                "tenant", AttributeValue.fromS(item.tenantId()),
                "payload", AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(item.payload())),
                EXPIRES_AT, AttributeValue.fromN(Long.toString(item.expiresAt().getEpochSecond())))));
    }

    @Override
    public String description() {
        return "DynamoDB table " + table;
    }

    public String table() {
        return table;
    }

    /** Locally (an endpoint such as a DynamoDB-compatible test server) the table is created on start. */
    public void createIfMissing() {
        DynamoTables.createWithTtlIfMissing(client, table);
    }
}
