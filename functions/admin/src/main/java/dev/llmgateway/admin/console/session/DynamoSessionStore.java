package dev.llmgateway.admin.console.session;

import dev.llmgateway.core.store.DynamoTables;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Sessions in DynamoDB ({@code CONSOLE_SESSIONS_TABLE}), one item per session: {@code pk} = the
 * token's SHA-256 (hex), {@code csrf}, {@code created_at} and {@code last_seen} (epoch milliseconds),
 * and {@code expires_at} (epoch seconds, the table's TTL attribute, so DynamoDB deletes ended
 * sessions by itself, late). Calls {@code GetItem}, {@code PutItem}, {@code UpdateItem} and
 * {@code DeleteItem} only. Reads are strongly consistent: a login answered by one environment is
 * followed at once by a page another environment may serve, and a logout must hold everywhere at once.
 */
public final class DynamoSessionStore implements SessionStore {
    public static final String PK = DynamoTables.PK;
    public static final String EXPIRES_AT = DynamoTables.EXPIRES_AT;
    static final String CSRF = "csrf";
    static final String CREATED = "created_at";
    static final String LAST_SEEN = "last_seen";

    private final DynamoDbClient client;
    private final String table;

    public DynamoSessionStore(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    @Override
    public void put(StoredSession session) {
        client.putItem(r -> r.tableName(table).item(Map.of(
                PK, AttributeValue.fromS(session.tokenHash()),
                CSRF, AttributeValue.fromS(session.csrf()),
                CREATED, millis(session.created()),
                LAST_SEEN, millis(session.lastSeen()),
                EXPIRES_AT, AttributeValue.fromN(Long.toString(session.expiresAt().getEpochSecond())))));
    }

    @Override
    public Optional<StoredSession> get(String tokenHash) {
        Map<String, AttributeValue> item = client.getItem(r -> r.tableName(table).key(key(tokenHash)).consistentRead(true)).item();
        if (item == null || !item.keySet().containsAll(java.util.List.of(CSRF, CREATED, LAST_SEEN, EXPIRES_AT))) return Optional.empty();
        return Optional.of(new StoredSession(tokenHash, item.get(CSRF).s(), Instant.ofEpochMilli(Long.parseLong(item.get(CREATED).n())),
                Instant.ofEpochMilli(Long.parseLong(item.get(LAST_SEEN).n())), Instant.ofEpochSecond(Long.parseLong(item.get(EXPIRES_AT).n()))));
    }

    @Override
    public boolean touch(String tokenHash, Instant lastSeen, Instant expiresAt) {
        try {
            client.updateItem(r -> r.tableName(table).key(key(tokenHash))
                    .conditionExpression("attribute_exists(#pk)") // an ended session is not brought back
                    .updateExpression("SET #seen = :seen, #exp = :exp")
                    .expressionAttributeNames(Map.of("#pk", PK, "#seen", LAST_SEEN, "#exp", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":seen", millis(lastSeen),
                            ":exp", AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void delete(String tokenHash) {
        client.deleteItem(r -> r.tableName(table).key(key(tokenHash)));
    }

    @Override
    public String description() {
        return "DynamoDB table " + table;
    }

    /** Locally (an endpoint such as a DynamoDB-compatible test server) the table is created on start. */
    public void createIfMissing() {
        DynamoTables.createWithTtlIfMissing(client, table);
    }

    private static Map<String, AttributeValue> key(String tokenHash) {
        return Map.of(PK, AttributeValue.fromS(tokenHash));
    }

    private static AttributeValue millis(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.toEpochMilli()));
    }
}
