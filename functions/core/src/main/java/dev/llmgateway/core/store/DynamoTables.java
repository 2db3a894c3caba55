package dev.llmgateway.core.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * The three tables, each keyed by a string partition key {@code pk} and nothing else, billed on
 * demand; the usage table also has the ledger's sparse index ({@link DynamoUsageLedger}). Deployed,
 * the infrastructure template creates them; locally (an endpoint such as a DynamoDB-compatible test
 * server) {@link #createIfMissing} does.
 */
public record DynamoTables(String routes, String apiKeys, String usage) {
    public static final String PK = "pk";
    /** The usage table's TTL attribute: epoch seconds. */
    public static final String EXPIRES_AT = "expires_at";
    private static final Logger log = LoggerFactory.getLogger(DynamoTables.class);

    public void createIfMissing(DynamoDbClient client) {
        for (String table : new String[] {routes, apiKeys, usage}) create(client, table, table.equals(usage));
        enableTtl(client, usage);
    }

    /** Any other {@code pk}-keyed table whose items expire at {@link #EXPIRES_AT} (cache, responses), for local endpoints. */
    public static void createWithTtlIfMissing(DynamoDbClient client, String table) {
        if (create(client, table, false)) enableTtl(client, table);
    }

    private static void enableTtl(DynamoDbClient client, String table) {
        try {
            client.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(t -> t.enabled(true).attributeName(EXPIRES_AT)));
        } catch (DynamoDbException e) {
            // Some local DynamoDB implementations have no TTL API; expired items are filtered on read anyway.
            log.debug("could not enable TTL on {}: {}", table, e.getMessage());
        }
    }

    /** True when the table was created now, false when it was there. */
    private static boolean create(DynamoDbClient client, String table, boolean ledgerIndex) {
        try {
            client.createTable(r -> {
                r.tableName(table).keySchema(key(PK, KeyType.HASH)).billingMode(BillingMode.PAY_PER_REQUEST);
                if (!ledgerIndex) {
                    r.attributeDefinitions(string(PK));
                    return;
                }
                r.attributeDefinitions(string(PK), string(DynamoUsageLedger.TENANT), string(DynamoUsageLedger.DAY))
                        .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(DynamoUsageLedger.BY_TENANT_DAY)
                                .keySchema(key(DynamoUsageLedger.TENANT, KeyType.HASH), key(DynamoUsageLedger.DAY, KeyType.RANGE))
                                .projection(p -> p.projectionType(ProjectionType.ALL)).build());
            });
            log.info("created DynamoDB table {}", table);
        } catch (ResourceInUseException e) {
            return false; // already there
        }
        awaitActive(client, table);
        return true;
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeDefinition string(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    /** Polls briefly instead of the SDK waiter, whose first retry comes only after 20 s. */
    public static void awaitActive(DynamoDbClient client, String table) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        while (client.describeTable(r -> r.tableName(table)).table().tableStatus() != TableStatus.ACTIVE) {
            if (System.nanoTime() - deadline > 0) throw new IllegalStateException("table " + table + " did not become active");
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for table " + table, e);
            }
        }
    }
}
