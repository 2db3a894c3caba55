package dev.llmgateway.core.store;

import dev.llmgateway.core.testing.Dynalite;
import java.time.Clock;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The store contract on the DynamoDB stores, against dynalite (skipped loudly when Node.js or dynalite is missing). */
class DynamoStoreTest extends StoreContract {
    static Dynalite dynalite;
    static DynamoDbClient client;

    @BeforeAll
    static void server() {
        dynalite = Dynalite.get();
        client = dynalite.client();
    }

    @Override
    Stores newStores() {
        return Stores.dynamo(client, dynalite.freshTables(client), Clock.systemUTC(), "dynalite");
    }
}
