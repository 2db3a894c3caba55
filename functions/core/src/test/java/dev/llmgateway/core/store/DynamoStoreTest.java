package dev.llmgateway.core.store;

import dev.llmgateway.core.testing.Dynalite;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The store contract on the DynamoDB stores, against dynalite (skipped loudly when Node.js or dynalite is missing). */
class DynamoStoreTest extends StoreContract {
    private static DynamoDbClient client;

    /** Called before each test, so that without dynalite every test is reported as skipped. */
    @Override
    Stores newStores() {
        Dynalite dynalite = Dynalite.get();
        if (client == null) client = dynalite.client();
        return Stores.dynamo(client, dynalite.freshTables(client), Clock.systemUTC(), "dynalite");
    }
}
