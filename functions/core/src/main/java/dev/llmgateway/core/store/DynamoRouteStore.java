package dev.llmgateway.core.store;

import static dev.llmgateway.core.store.DynamoTables.PK;

import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.routing.Route;
import dev.llmgateway.core.routing.RouteStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Routes in DynamoDB, one item per public model name: {@code pk} = the model name, {@code spec} =
 * the route's JSON (the same shape as the admin API and the routes file), {@code updated_at}.
 * The table is small and read whole ({@code Scan}) once per cache TTL per process.
 */
public final class DynamoRouteStore implements RouteStore {
    static final String SPEC = "spec";
    private final DynamoDbClient client;
    private final String table;

    public DynamoRouteStore(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    @Override
    public List<Route> list() {
        List<Route> routes = new ArrayList<>();
        // Guardrail policies share the table (DynamoPolicyStore): they are not routes.
        client.scanPaginator(r -> r.tableName(table).consistentRead(true).filterExpression("NOT begins_with(pk, :policy)")
                .expressionAttributeValues(Map.of(":policy", s(DynamoPolicyStore.KIND))))
                .items().forEach(item -> routes.add(route(item)));
        routes.sort(Comparator.comparing(Route::model));
        return routes;
    }

    @Override
    public Optional<Route> get(String model) {
        Map<String, AttributeValue> item = client.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of(PK, s(model)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(route(item));
    }

    @Override
    public void put(Route route) {
        client.putItem(r -> r.tableName(table).item(Map.of(
                PK, s(route.model()),
                SPEC, s(new String(route.toJson(), java.nio.charset.StandardCharsets.UTF_8)),
                "updated_at", s(Instant.now().toString()))));
    }

    @Override
    public boolean delete(String model) {
        Map<String, AttributeValue> old = client.deleteItem(r -> r.tableName(table).key(Map.of(PK, s(model)))
                .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD)).attributes();
        return old != null && !old.isEmpty();
    }

    private static Route route(Map<String, AttributeValue> item) {
        String model = item.get(PK).s();
        AttributeValue spec = item.get(SPEC);
        if (spec == null || spec.s() == null) throw new IllegalStateException("route item '" + model + "' has no 'spec' string");
        return Route.parse(Json.tree(spec.s()), model);
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
