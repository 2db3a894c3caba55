package dev.llmgateway.core.store;

import static dev.llmgateway.core.store.DynamoTables.EXPIRES_AT;
import static dev.llmgateway.core.store.DynamoTables.PK;
import static dev.llmgateway.core.store.DynamoRouteStore.s;

import dev.llmgateway.core.budget.Caps;
import dev.llmgateway.core.budget.Totals;
import dev.llmgateway.core.budget.UsageStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Usage counters in DynamoDB: one item per tenant and period ({@code pk = <tenant>#d#2025-11-25}),
 * numbers {@code tokens}, {@code usd_micros}, {@code requests}, and {@code expires_at} for the
 * table's TTL. A reservation is a single conditional {@code UpdateItem}:
 * {@code ADD tokens :t, usd_micros :u} if {@code attribute_not_exists(tokens) OR tokens <= :tokenCapMinusEstimate}
 * (likewise for USD), so DynamoDB evaluates the cap and applies the addition as one atomic step.
 */
public final class DynamoUsageStore implements UsageStore {
    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;

    public DynamoUsageStore(DynamoDbClient client, String table, Clock clock) {
        this.client = client;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Optional<Totals> reserve(String key, Totals amount, Caps caps, long expiresAt) {
        if (caps.exceededBy(amount)) return Optional.empty(); // also keeps the "limit minus estimate" below non-negative
        Map<String, AttributeValue> values = values(amount, expiresAt);
        List<String> conditions = new ArrayList<>();
        if (caps.tokens() != null) {
            values.put(":tmax", n(caps.tokens() - amount.tokens()));
            conditions.add("(attribute_not_exists(tokens) OR tokens <= :tmax)");
        }
        if (caps.usdMicros() != null) {
            values.put(":umax", n(caps.usdMicros() - amount.usdMicros()));
            conditions.add("(attribute_not_exists(usd_micros) OR usd_micros <= :umax)");
        }
        UpdateItemRequest.Builder request = update(key, values);
        if (!conditions.isEmpty()) request.conditionExpression(String.join(" AND ", conditions));
        try {
            return Optional.of(totals(client.updateItem(request.build()).attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public Totals add(String key, Totals delta, long expiresAt) {
        Map<String, AttributeValue> values = values(delta, expiresAt);
        List<String> floors = new ArrayList<>();
        floor(floors, values, "tokens", ":tfloor", delta.tokens());
        floor(floors, values, "usd_micros", ":ufloor", delta.usdMicros());
        floor(floors, values, "requests", ":rfloor", delta.requests());
        if (floors.isEmpty()) return totals(client.updateItem(update(key, values).build()).attributes());
        try {
            return totals(client.updateItem(update(key, values).conditionExpression(String.join(" AND ", floors)).build()).attributes());
        } catch (ConditionalCheckFailedException e) {
            // The counter does not cover the give-back (see UsageStore#add): never go below zero.
            return totals(client.updateItem(update(key, values(delta.withoutNegativeParts(), expiresAt)).build()).attributes());
        }
    }

    /** A negative part of a delta is applied only while the counter covers it ({@code tokens >= :tfloor}). */
    private static void floor(List<String> floors, Map<String, AttributeValue> values, String attribute, String name, long part) {
        if (part >= 0) return;
        values.put(name, n(-part));
        floors.add(attribute + " >= " + name);
    }

    @Override
    public Totals get(String key) {
        Map<String, AttributeValue> item = client.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of(PK, s(key)))).item();
        if (item == null || item.isEmpty()) return Totals.ZERO;
        AttributeValue expires = item.get(EXPIRES_AT);
        // TTL deletion is best-effort (it can lag by days): an expired item counts as gone.
        if (expires != null && Long.parseLong(expires.n()) <= clock.instant().getEpochSecond()) return Totals.ZERO;
        return totals(item);
    }

    private UpdateItemRequest.Builder update(String key, Map<String, AttributeValue> values) {
        return UpdateItemRequest.builder().tableName(table).key(Map.of(PK, s(key)))
                .updateExpression("ADD tokens :t, usd_micros :u, requests :r SET " + EXPIRES_AT + " = :exp")
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW);
    }

    private static Map<String, AttributeValue> values(Totals amount, long expiresAt) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":t", n(amount.tokens()));
        values.put(":u", n(amount.usdMicros()));
        values.put(":r", n(amount.requests()));
        values.put(":exp", n(expiresAt));
        return values;
    }

    private static Totals totals(Map<String, AttributeValue> item) {
        return new Totals(number(item, "tokens"), number(item, "usd_micros"), number(item, "requests"));
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item == null ? null : item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
