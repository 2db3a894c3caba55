package dev.llmgateway.core.audit;

import dev.llmgateway.core.testing.Dynalite;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The audit contract on the DynamoDB store, against dynalite (skipped loudly when it cannot run). */
class DynamoAuditStoreTest extends AuditContract {
    private static DynamoDbClient client;
    private String table;

    @Override
    AuditStore newStore() {
        Dynalite dynalite = Dynalite.get();
        if (client == null) client = dynalite.client();
        table = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        DynamoAuditStore store = new DynamoAuditStore(client, table);
        store.createIfMissing();
        return store;
    }

    @Override
    void delete(String pk, long sk) {
        client.deleteItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN(Long.toString(sk)))));
    }
}
