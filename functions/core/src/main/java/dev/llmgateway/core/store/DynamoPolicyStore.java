package dev.llmgateway.core.store;

import static dev.llmgateway.core.store.DynamoTables.PK;
import static dev.llmgateway.core.store.DynamoRouteStore.s;

import dev.llmgateway.core.guardrail.Policy;
import dev.llmgateway.core.guardrail.PolicyStore;
import dev.llmgateway.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Guardrail policies in the routes table ({@code ROUTES_TABLE}), configuration beside the routes:
 * {@code pk = guardrail#<id>}, {@code spec} = the policy's JSON (the admin API's shape),
 * {@code updated_at}. Read whole ({@code Scan} filtered on the prefix) once per cache TTL per process,
 * as the routes are; a route's key is a model name, which never holds a {@code #}. Not the keys
 * table: a data plane allowed to Scan that one could read every key hash.
 */
public final class DynamoPolicyStore implements PolicyStore {
    static final String KIND = "guardrail#";
    private final DynamoDbClient client;
    private final String table;

    public DynamoPolicyStore(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    @Override
    public List<Policy> list() {
        List<Policy> policies = new ArrayList<>();
        client.scanPaginator(r -> r.tableName(table).consistentRead(true).filterExpression("begins_with(pk, :kind)")
                .expressionAttributeValues(Map.of(":kind", s(KIND)))).items().forEach(item -> policies.add(policy(item)));
        policies.sort(Comparator.comparing(Policy::id));
        return policies;
    }

    @Override
    public Optional<Policy> get(String id) {
        Map<String, AttributeValue> item = client.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of(PK, s(KIND + id)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(policy(item));
    }

    @Override
    public void put(Policy policy) {
        client.putItem(r -> r.tableName(table).item(Map.of(
                PK, s(KIND + policy.id()),
                DynamoRouteStore.SPEC, s(new String(policy.toJson(), StandardCharsets.UTF_8)),
                "updated_at", s(Instant.now().toString()))));
    }

    @Override
    public boolean delete(String id) {
        Map<String, AttributeValue> old = client.deleteItem(r -> r.tableName(table).key(Map.of(PK, s(KIND + id)))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        return old != null && !old.isEmpty();
    }

    private static Policy policy(Map<String, AttributeValue> item) {
        String id = item.get(PK).s().substring(KIND.length());
        AttributeValue spec = item.get(DynamoRouteStore.SPEC);
        if (spec == null || spec.s() == null) throw new IllegalStateException("guardrail item '" + id + "' has no 'spec' string");
        return Policy.parse(Json.tree(spec.s()), id);
    }
}
