package dev.llmgateway.core.audit;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.store.DynamoTables;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The audit log in its own DynamoDB table ({@code AUDIT_TABLE}): partition key {@code pk} (the chain,
 * or {@code checkpoint#<chain>}), sort key {@code sk} (sequence number, number), a global secondary
 * index {@value #BY_TENANT} on ({@code tenant}, {@code time}) for per-tenant queries and exports, and
 * TTL on {@code expires_at}. Writes are {@code BatchWriteItem}, resending unprocessed items until all
 * landed or the retry budget is spent; the request path calls nothing else.
 */
public final class DynamoAuditStore implements AuditStore {
    public static final String BY_TENANT = "by-tenant";
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String EXPIRES_AT = "expires_at";
    private static final int MAX_ATTEMPTS = 8;
    private static final Logger log = LoggerFactory.getLogger(DynamoAuditStore.class);

    private final DynamoDbClient client;
    private final String table;

    public DynamoAuditStore(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    public String table() {
        return table;
    }

    @Override
    public void write(List<AuditItem> items) {
        for (int start = 0; start < items.size(); start += ChainWriter.MAX_BATCH) {
            List<WriteRequest> requests = new ArrayList<>();
            for (AuditItem item : items.subList(start, Math.min(items.size(), start + ChainWriter.MAX_BATCH))) {
                requests.add(WriteRequest.builder().putRequest(PutRequest.builder().item(attributes(item)).build()).build());
            }
            writeAll(requests);
        }
    }

    private void writeAll(List<WriteRequest> requests) {
        Map<String, List<WriteRequest>> pending = Map.of(table, requests);
        for (int attempt = 1; ; attempt++) {
            Map<String, List<WriteRequest>> batch = pending;
            pending = client.batchWriteItem(r -> r.requestItems(batch)).unprocessedItems();
            if (pending == null || pending.isEmpty() || pending.getOrDefault(table, List.of()).isEmpty()) return;
            if (attempt == MAX_ATTEMPTS) {
                throw new IllegalStateException(pending.get(table).size() + " audit items still unprocessed after " + attempt + " attempts");
            }
            sleep(Math.min(1000, 10L << attempt)); // throttled: back off, then resend only what did not land
        }
    }

    @Override
    public Set<String> partitions() {
        Set<String> pks = new TreeSet<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = client.scan(r -> r.tableName(table).projectionExpression(PK).consistentRead(true).exclusiveStartKey(from));
            page.items().forEach(item -> pks.add(item.get(PK).s()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return pks;
    }

    @Override
    public List<AuditItem> partition(String pk) {
        List<AuditItem> items = new ArrayList<>();
        queryAll(r -> r.tableName(table).consistentRead(true).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(pk))), item -> items.add(item(item)));
        return items;
    }

    @Override
    public Set<String> chainsOf(String tenant) {
        Set<String> chains = new TreeSet<>();
        queryAll(r -> r.tableName(table).indexName(BY_TENANT).projectionExpression(PK).keyConditionExpression("tenant = :t")
                .expressionAttributeValues(Map.of(":t", s(tenant))), item -> chains.add(item.get(PK).s()));
        return chains;
    }

    /** Every page of a query. */
    private void queryAll(Consumer<QueryRequest.Builder> request, Consumer<Map<String, AttributeValue>> each) {
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder builder = QueryRequest.builder();
            request.accept(builder);
            QueryResponse page = client.query(builder.exclusiveStartKey(start).build());
            page.items().forEach(each);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    /**
     * With a tenant: a Query of the tenant index over the time range; without: a Scan. Other fields
     * filter. Each call asks for no more than the page still needs, so a page never overshoots its
     * limit and the cursor (the last evaluated key) resumes exactly after it.
     */
    @Override
    public AuditPage query(AuditQuery query) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> filters = new ArrayList<>();
        filters.add("NOT begins_with(pk, :ckpt)");
        values.put(":ckpt", s(AuditItem.CHECKPOINT_PREFIX));
        filter(filters, names, values, "kind", query.kind() == null ? null : s(query.kind()));
        filter(filters, names, values, "status", query.status() == null ? null : n(query.status()));
        filter(filters, names, values, "model", query.model() == null ? null : s(query.model()));
        filter(filters, names, values, "request_id", query.requestId() == null ? null : s(query.requestId()));
        String key = null;
        if (query.tenant() != null) {
            // One condition on the index's sort key; BETWEEN is inclusive, so the end moves back by one tick.
            values.put(":tenant", s(query.tenant()));
            values.put(":from", s(query.from() == null ? "0" : Records.time(query.from())));
            values.put(":to", s(query.to() == null ? "9" : Records.time(query.to().minusNanos(1000))));
            names.put("#time", "time");
            key = "tenant = :tenant AND #time BETWEEN :from AND :to";
        } else {
            if (query.from() != null) {
                names.put("#time", "time");
                values.put(":from", s(Records.time(query.from())));
                filters.add("#time >= :from");
            }
            if (query.to() != null) {
                names.put("#time", "time");
                values.put(":to", s(Records.time(query.to())));
                filters.add("#time < :to");
            }
        }
        String filter = String.join(" AND ", filters);
        List<AuditItem> items = new ArrayList<>();
        Map<String, AttributeValue> start = decode(query.cursor());
        do {
            int want = query.limit() - items.size();
            Map<String, AttributeValue> from = start;
            Map<String, AttributeValue> last;
            if (key != null) {
                String k = key;
                QueryResponse page = client.query(QueryRequest.builder().tableName(table).indexName(BY_TENANT)
                        .keyConditionExpression(k).filterExpression(filter).expressionAttributeNames(names.isEmpty() ? null : names)
                        .expressionAttributeValues(values).limit(want).exclusiveStartKey(from).build());
                page.items().forEach(item -> items.add(item(item)));
                last = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
            } else {
                ScanResponse page = client.scan(ScanRequest.builder().tableName(table).filterExpression(filter)
                        .expressionAttributeNames(names.isEmpty() ? null : names).expressionAttributeValues(values).limit(want)
                        .exclusiveStartKey(from).build());
                page.items().forEach(item -> items.add(item(item)));
                last = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
            }
            start = last == null || last.isEmpty() ? null : last;
        } while (start != null && items.size() < query.limit());
        return new AuditPage(items, encode(start));
    }

    /** Creates the table with its index and TTL (a local endpoint only; deployed, the template owns it). */
    public void createIfMissing() {
        try {
            client.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                    .attributeDefinitions(attribute(PK, ScalarAttributeType.S), attribute(SK, ScalarAttributeType.N),
                            attribute("tenant", ScalarAttributeType.S), attribute("time", ScalarAttributeType.S))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(BY_TENANT)
                            .keySchema(key("tenant", KeyType.HASH), key("time", KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.ALL)).build()));
            log.info("created DynamoDB table {}", table);
        } catch (ResourceInUseException e) {
            return;
        }
        DynamoTables.awaitActive(client, table);
        try {
            client.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(t -> t.enabled(true).attributeName(EXPIRES_AT)));
        } catch (DynamoDbException e) {
            log.debug("could not enable TTL on {}: {}", table, e.getMessage()); // some local servers have no TTL API
        }
    }

    private static void filter(List<String> filters, Map<String, String> names, Map<String, AttributeValue> values,
                               String attribute, AttributeValue value) {
        if (value == null) return;
        names.put("#" + attribute, attribute);
        values.put(":" + attribute, value);
        filters.add("#" + attribute + " = :" + attribute);
    }

    private static Map<String, AttributeValue> attributes(AuditItem item) {
        Map<String, AttributeValue> a = new HashMap<>();
        a.put(PK, s(item.pk()));
        a.put(SK, n(item.sk()));
        a.put("kind", s(item.kind()));
        a.put("time", s(item.time()));
        if (item.tenant() != null) a.put("tenant", s(item.tenant()));
        if (item.requestId() != null) a.put("request_id", s(item.requestId()));
        if (item.status() != null) a.put("status", n(item.status()));
        if (item.model() != null) a.put("model", s(item.model()));
        if (item.expiresAt() > 0) a.put(EXPIRES_AT, n(item.expiresAt()));
        a.put("text", s(item.text()));
        a.put("mac", s(item.mac()));
        return a;
    }

    private static AuditItem item(Map<String, AttributeValue> a) {
        return new AuditItem(a.get(PK).s(), Long.parseLong(a.get(SK).n()), str(a, "kind"), str(a, "tenant"), str(a, "time"),
                str(a, "request_id"), a.containsKey("status") ? Integer.valueOf(a.get("status").n()) : null, str(a, "model"),
                a.containsKey(EXPIRES_AT) ? Long.parseLong(a.get(EXPIRES_AT).n()) : 0, str(a, "text"), str(a, "mac"));
    }

    private static String encode(Map<String, AttributeValue> key) {
        if (key == null) return null;
        ObjectNode node = Json.object();
        key.forEach((name, value) -> node.put(name, value.s() != null ? "s:" + value.s() : "n:" + value.n()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(node));
    }

    private static Map<String, AttributeValue> decode(String cursor) {
        if (cursor == null) return null;
        try {
            JsonNode node = Json.tree(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            Map<String, AttributeValue> key = new HashMap<>();
            node.fields().forEachRemaining(e -> {
                String v = e.getValue().asText();
                if (!Set.of(PK, SK, "tenant", "time").contains(e.getKey()) || v.length() < 2) throw new IllegalArgumentException();
                key.put(e.getKey(), v.startsWith("s:") ? s(v.substring(2)) : n(Long.parseLong(v.substring(2))));
            });
            return key;
        } catch (RuntimeException e) {
            throw GatewayError.invalidRequest("Invalid 'cursor'.", "cursor", "invalid_query");
        }
    }

    private static String str(Map<String, AttributeValue> a, String name) {
        AttributeValue v = a.get(name);
        return v == null ? null : v.s();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing audit items", e);
        }
    }
}
