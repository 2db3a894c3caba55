package dev.llmgateway.core.store;

import static dev.llmgateway.core.store.DynamoTables.EXPIRES_AT;
import static dev.llmgateway.core.store.DynamoTables.PK;
import static dev.llmgateway.core.store.DynamoRouteStore.s;
import static dev.llmgateway.core.store.DynamoUsageStore.n;
import static dev.llmgateway.core.store.DynamoUsageStore.number;

import dev.llmgateway.core.ledger.LedgerCounts;
import dev.llmgateway.core.ledger.LedgerLine;
import dev.llmgateway.core.ledger.UsageLedger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The usage ledger in the usage table: one item per tenant, UTC day, key, provider and model,
 * {@code pk = led:<tenant>#<day>#<digest>} (tenant ids cannot contain ':', so no budget or limit
 * counter shares the prefix; the digest of key, provider and model keeps the key short whatever the
 * model's name). The item carries those as {@code tenant}, {@code day}, {@code api_key},
 * {@code provider} and {@code model}, one number per {@link LedgerCounts} field, and
 * {@code expires_at}. A settlement is one unconditional {@code UpdateItem ... ADD}, atomic per item.
 * A report reads the sparse index {@value #BY_TENANT_DAY} ({@code tenant}, {@code day}), which only
 * ledger items appear in; index reads are eventually consistent, so a line settled within the last
 * second may be missing from a report.
 */
public final class DynamoUsageLedger implements UsageLedger {
    public static final String BY_TENANT_DAY = "by-tenant-day";
    public static final String TENANT = "tenant";
    public static final String DAY = "day";
    static final String PREFIX = "led:";
    /** How long a ledger line is kept after its day (the monthly budget counters' retention). */
    static final Duration RETENTION = Duration.ofDays(400);
    private static final String[] IDENTITY = {TENANT, DAY, "api_key", "provider", "model"};

    private final DynamoDbClient client;
    private final String table;

    public DynamoUsageLedger(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    @Override
    public void add(LedgerLine line) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> set = new ArrayList<>();
        String[] identity = {line.tenant(), line.day().toString(), line.key(), line.provider(), line.model()};
        for (int i = 0; i < IDENTITY.length; i++) {
            if (identity[i] == null) continue;
            names.put("#i" + i, IDENTITY[i]);
            values.put(":i" + i, s(identity[i]));
            set.add("#i" + i + " = :i" + i);
        }
        names.put("#exp", EXPIRES_AT);
        values.put(":exp", n(line.day().plusDays(1).atStartOfDay(ZoneOffset.UTC).plus(RETENTION).toEpochSecond()));
        set.add("#exp = :exp");
        List<String> add = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Long> field : line.counts().fields().entrySet()) {
            names.put("#c" + i, field.getKey());
            values.put(":c" + i, n(field.getValue()));
            add.add("#c" + i + " :c" + i);
            i++;
        }
        client.updateItem(r -> r.tableName(table).key(Map.of(PK, s(pk(line))))
                .updateExpression("SET " + String.join(", ", set) + " ADD " + String.join(", ", add))
                .expressionAttributeNames(names).expressionAttributeValues(values));
    }

    @Override
    public List<LedgerLine> lines(String tenant, LocalDate from, LocalDate to) {
        List<LedgerLine> lines = new ArrayList<>();
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(BY_TENANT_DAY)
                .keyConditionExpression("#t = :t AND #d BETWEEN :from AND :to")
                .expressionAttributeNames(Map.of("#t", TENANT, "#d", DAY))
                .expressionAttributeValues(Map.of(":t", s(tenant), ":from", s(from.toString()), ":to", s(to.toString())));
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = client.query(query.exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : page.items()) lines.add(line(item));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return lines;
    }

    private static LedgerLine line(Map<String, AttributeValue> item) {
        return new LedgerLine(text(item, TENANT), LocalDate.parse(text(item, DAY)), text(item, "api_key"), text(item, "provider"),
                text(item, "model"), LedgerCounts.read(name -> number(item, name)));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static String pk(LedgerLine line) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {line.key() == null ? "" : line.key(), line.provider(), line.model()}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                sha.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array()); // length-prefixed: no two triples collide by concatenation
                sha.update(bytes);
            }
            return PREFIX + line.tenant() + "#" + line.day() + "#" + HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
