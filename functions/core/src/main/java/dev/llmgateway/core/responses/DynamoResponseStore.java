package dev.llmgateway.core.responses;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.store.DynamoTables;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Stored Responses in their own DynamoDB table: one item per response, {@code pk} =
 * {@code <tenant>#<id>} (ids cannot hold {@code #}, so a tenant's key never reaches another's),
 * {@code doc} = the gzip-compressed JSON document, {@code expires_at} = epoch seconds for the
 * table's TTL. Reads are strongly consistent: the next turn may run in another environment right
 * after this one stored its response. Calls: GetItem, PutItem, DeleteItem.
 */
public final class DynamoResponseStore implements ResponseStore {
    public static final String PK = DynamoTables.PK;
    public static final String DOC = "doc";
    public static final String EXPIRES_AT = DynamoTables.EXPIRES_AT;
    private static final Logger log = LoggerFactory.getLogger(DynamoResponseStore.class);

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;

    public DynamoResponseStore(DynamoDbClient client, String table, Clock clock) {
        this.client = client;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public void put(String tenant, StoredResponse response) {
        Map<String, AttributeValue> item = Map.of(
                PK, AttributeValue.fromS(key(tenant, response.id())),
                DOC, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(gzip(response.document()))),
                EXPIRES_AT, AttributeValue.fromN(Long.toString(response.expiresAt().getEpochSecond())));
        try {
            client.putItem(r -> r.tableName(table).item(item));
        } catch (DynamoDbException e) {
            if (e.getMessage() != null && e.getMessage().contains("size")) {
                throw GatewayError.invalidRequest("The response is too large to store (DynamoDB keeps at most 400 KB per "
                        + "response, compressed); send store: false and carry the conversation in input.", "store");
            }
            throw unavailable("store", e);
        } catch (SdkException e) {
            throw unavailable("store", e);
        }
    }

    @Override
    public Optional<StoredResponse> get(String tenant, String id) {
        Map<String, AttributeValue> item;
        try {
            item = client.getItem(r -> r.tableName(table).key(Map.of(PK, AttributeValue.fromS(key(tenant, id)))).consistentRead(true)).item();
        } catch (SdkException e) {
            throw unavailable("read", e);
        }
        return live(item);
    }

    @Override
    public boolean delete(String tenant, String id) {
        Map<String, AttributeValue> old;
        try {
            old = client.deleteItem(r -> r.tableName(table).key(Map.of(PK, AttributeValue.fromS(key(tenant, id))))
                    .returnValues(ReturnValue.ALL_OLD)).attributes();
        } catch (SdkException e) {
            throw unavailable("delete", e);
        }
        return live(old).isPresent();
    }

    @Override
    public String description() {
        return "DynamoDB table " + table;
    }

    public String table() {
        return table;
    }

    /** Creates the table with its TTL, for local endpoints; deployed, the template owns it. */
    public void createIfMissing() {
        DynamoTables.createWithTtlIfMissing(client, table);
    }

    /** TTL deletes within days, not at once: an item past its expiry is treated as gone. */
    private Optional<StoredResponse> live(Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty() || !item.containsKey(DOC)) return Optional.empty();
        Instant expires = Instant.ofEpochSecond(Long.parseLong(item.get(EXPIRES_AT).n()));
        if (!expires.isAfter(clock.instant())) return Optional.empty();
        return Optional.of(StoredResponse.fromDocument(gunzip(item.get(DOC).b().asByteArrayUnsafe()), expires));
    }

    private static String key(String tenant, String id) {
        return tenant + "#" + id;
    }

    private GatewayError unavailable(String what, SdkException e) {
        log.warn("responses table {}: {} failed: {}", table, what, e.toString());
        return GatewayError.storeUnavailable("The responses store could not be reached; try again.");
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] bytes) {
        try (GZIPInputStream zip = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return zip.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
