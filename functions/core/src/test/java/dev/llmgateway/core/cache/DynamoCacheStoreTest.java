package dev.llmgateway.core.cache;

import dev.llmgateway.core.testing.Dynalite;
import dev.llmgateway.core.testing.MutableClock;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The cache contract on the DynamoDB store, against dynalite (skipped loudly when it cannot run). */
class DynamoCacheStoreTest extends CacheStoreContract {
    private static DynamoDbClient client;

    @Override
    CacheStore newStore(MutableClock clock) {
        Dynalite dynalite = Dynalite.get();
        if (client == null) client = dynalite.client();
        DynamoCacheStore store = new DynamoCacheStore(client, "cache-" + UUID.randomUUID().toString().substring(0, 8), clock);
        store.createIfMissing();
        return store;
    }
}
