package dev.llmgateway.core.store;

import static dev.llmgateway.core.store.DynamoTables.EXPIRES_AT;
import static dev.llmgateway.core.store.DynamoTables.PK;
import static dev.llmgateway.core.store.DynamoRouteStore.s;
import static dev.llmgateway.core.store.DynamoUsageStore.n;
import static dev.llmgateway.core.store.DynamoUsageStore.number;

import dev.llmgateway.core.limit.Counters;
import dev.llmgateway.core.limit.Limit;
import dev.llmgateway.core.limit.LimitStore;
import dev.llmgateway.core.limit.Limits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Rate-limit counters in the usage table, one item per scope ({@code pk = lim#<scope>}) with
 * {@code win} (the epoch minute), {@code requests}, {@code tokens}, {@code inflight} and
 * {@code expires_at}. An admission is one conditional {@code UpdateItem} while the item is in the
 * current minute ({@code win >= :w AND requests < :rpm AND tokens <= :tpm - :est AND inflight < :max});
 * the first request of a minute instead starts it ({@code SET win = :w, requests = 1, tokens = :est}
 * if {@code win < :w}), and a refused request reads the item once to say which limit is full.
 */
public final class DynamoLimitStore implements LimitStore {
    static final String PREFIX = "lim#";
    private static final int ROUNDS = 3;
    private final DynamoDbClient client;
    private final String table;

    public DynamoLimitStore(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    @Override
    public Admission admit(String scope, long window, Limits limits, long tokens, long expiresAt) {
        boolean slot = limits.maxConcurrentRequests() != null;
        Counters current = Counters.EMPTY.in(window);
        for (int round = 0; round < ROUNDS; round++) {
            Map<String, AttributeValue> after = sameWindow(scope, window, limits, tokens, slot, expiresAt);
            if (after == null) after = newWindow(scope, window, limits, tokens, slot, expiresAt);
            if (after != null) return new Admission.Admitted(counters(after));
            // Both conditions failed: either a limit is full, or another environment started the minute in between.
            current = get(scope).in(window);
            Admission refused = current.refusal(limits, tokens, slot);
            if (refused != null) return refused;
        }
        return new Admission.Refused(Limit.REQUESTS, current); // contention beyond reason: refuse rather than loop
    }

    private Map<String, AttributeValue> sameWindow(String scope, long window, Limits limits, long tokens, boolean slot, long expiresAt) {
        Map<String, AttributeValue> values = values(window, tokens, expiresAt);
        List<String> conditions = new ArrayList<>(List.of("#w >= :w"));
        if (limits.requestsPerMinute() != null) {
            values.put(":rpm", n(limits.requestsPerMinute()));
            conditions.add("requests < :rpm");
        }
        if (limits.tokensPerMinute() != null) {
            values.put(":tmax", n(limits.tokensPerMinute() - tokens));
            conditions.add("tokens <= :tmax");
        }
        String update = "ADD requests :one, tokens :t" + slot(slot, values, conditions, limits) + " SET " + EXPIRES_AT + " = :exp";
        return conditional(scope, update, conditions, values);
    }

    private Map<String, AttributeValue> newWindow(String scope, long window, Limits limits, long tokens, boolean slot, long expiresAt) {
        Map<String, AttributeValue> values = values(window, tokens, expiresAt);
        List<String> conditions = new ArrayList<>(List.of("(attribute_not_exists(#w) OR #w < :w)"));
        String inflight = slot(slot, values, conditions, limits);
        String update = "SET #w = :w, requests = :one, tokens = :t, " + EXPIRES_AT + " = :exp"
                + (inflight.isEmpty() ? "" : " ADD" + inflight.substring(1));
        return conditional(scope, update, conditions, values);
    }

    /** The in-flight part of an admission: {@code , inflight :one} guarded by the concurrency limit. */
    private static String slot(boolean slot, Map<String, AttributeValue> values, List<String> conditions, Limits limits) {
        if (!slot) return "";
        values.put(":cmax", n(limits.maxConcurrentRequests()));
        conditions.add("(attribute_not_exists(inflight) OR inflight < :cmax)");
        return ", inflight :one";
    }

    private Map<String, AttributeValue> conditional(String scope, String update, List<String> conditions, Map<String, AttributeValue> values) {
        try {
            return client.updateItem(request(scope, update, values).conditionExpression(String.join(" AND ", conditions)).build()).attributes();
        } catch (ConditionalCheckFailedException e) {
            return null;
        }
    }

    @Override
    public void adjust(String scope, long window, long requests, long tokens, long inflight, long expiresAt) {
        if (requests != 0 || tokens != 0) {
            Map<String, AttributeValue> values = new HashMap<>(Map.of(":w", n(window), ":r", n(requests), ":t", n(tokens),
                    ":i", n(inflight), ":exp", n(expiresAt)));
            String update = "ADD requests :r, tokens :t, inflight :i SET " + EXPIRES_AT + " = :exp";
            if (conditional(scope, update, List.of("#w = :w"), values) != null) return;
            // The minute is over: its counts no longer matter, only the in-flight count does.
        }
        if (inflight == 0) return;
        client.updateItem(request(scope, "ADD inflight :i", Map.of(":i", n(inflight))).build());
    }

    @Override
    public Counters get(String scope) {
        Map<String, AttributeValue> item = client.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of(PK, s(PREFIX + scope)))).item();
        return item == null || item.isEmpty() ? Counters.EMPTY : counters(item);
    }

    private UpdateItemRequest.Builder request(String scope, String update, Map<String, AttributeValue> values) {
        UpdateItemRequest.Builder b = UpdateItemRequest.builder().tableName(table).key(Map.of(PK, s(PREFIX + scope)))
                .updateExpression(update).expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW);
        if (update.contains("#w") || values.containsKey(":w")) b.expressionAttributeNames(Map.of("#w", "win"));
        return b;
    }

    private static Map<String, AttributeValue> values(long window, long tokens, long expiresAt) {
        return new HashMap<>(Map.of(":w", n(window), ":t", n(tokens), ":one", n(1), ":exp", n(expiresAt)));
    }

    private static Counters counters(Map<String, AttributeValue> item) {
        return new Counters(number(item, "win"), number(item, "requests"), number(item, "tokens"), number(item, "inflight"));
    }
}
