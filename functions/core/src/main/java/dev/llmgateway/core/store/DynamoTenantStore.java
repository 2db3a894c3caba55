package dev.llmgateway.core.store;

import static dev.llmgateway.core.store.DynamoTables.PK;
import static dev.llmgateway.core.store.DynamoRouteStore.s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.tenant.ApiKey;
import dev.llmgateway.core.tenant.KeyPolicy;
import dev.llmgateway.core.tenant.Team;
import dev.llmgateway.core.tenant.Tenant;
import dev.llmgateway.core.tenant.TenantStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Tenants and API keys in one DynamoDB table ({@code API_KEYS_TABLE}). Two item kinds:
 * {@code pk = tenant#<id>} with {@code name} and {@code spec} (the tenant JSON, budget included),
 * and {@code pk = key#<hash>} with {@code tenant_id}, {@code name}, {@code prefix}, {@code created_at}
 * and {@code policy} (the key's models, expiry, metadata and limits as JSON; absent when none is set),
 * and {@code pk = team#<tenant>/<id>} with {@code tenant_id}, {@code name} and {@code spec} (budget and limits as JSON).
 * The request path only ever gets items by key (a key hash, then its tenant); listing for the
 * admin API scans, which is fine for a table of tenants and keys.
 */
public final class DynamoTenantStore implements TenantStore {
    private static final String TENANT = "tenant#";
    private static final String KEY = "key#";
    private static final String TEAM = "team#";
    private final DynamoDbClient client;
    private final String table;

    public DynamoTenantStore(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    @Override
    public List<Tenant> tenants() {
        List<Tenant> list = new ArrayList<>();
        scan(TENANT, null).forEach(item -> list.add(tenant(item)));
        list.sort(Comparator.comparing(Tenant::id));
        return list;
    }

    @Override
    public Optional<Tenant> tenant(String id) {
        return get(TENANT + id).map(DynamoTenantStore::tenant);
    }

    @Override
    public void putTenant(Tenant tenant) {
        ObjectNode spec = Json.MAPPER.valueToTree(tenant);
        client.putItem(r -> r.tableName(table).item(Map.of(PK, s(TENANT + tenant.id()), "name", s(tenant.name()),
                "spec", s(spec.toString()))));
    }

    @Override
    public boolean deleteTenant(String id) {
        for (ApiKey key : keys(id)) deleteKey(key.hash());
        for (Team team : teams(id)) deleteTeam(id, team.id());
        Map<String, AttributeValue> old = client.deleteItem(r -> r.tableName(table).key(Map.of(PK, s(TENANT + id)))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        return old != null && !old.isEmpty();
    }

    @Override
    public void putKey(ApiKey key) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(KEY + key.hash()));
        item.put("tenant_id", s(key.tenantId()));
        if (key.name() != null) item.put("name", s(key.name()));
        item.put("prefix", s(key.prefix()));
        item.put("created_at", s(key.createdAt().toString()));
        if (!key.policy().equals(KeyPolicy.NONE)) {
            ObjectNode policy = Json.object();
            key.policy().writeTo(policy);
            item.put("policy", s(policy.toString()));
        }
        client.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public Optional<ApiKey> keyByHash(String hash) {
        return get(KEY + hash).map(DynamoTenantStore::key);
    }

    @Override
    public List<ApiKey> keys(String tenantId) {
        List<ApiKey> list = new ArrayList<>();
        scan(KEY, tenantId).forEach(item -> list.add(key(item)));
        list.sort(Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::hash));
        return list;
    }

    @Override
    public boolean deleteKey(String hash) {
        Map<String, AttributeValue> old = client.deleteItem(r -> r.tableName(table).key(Map.of(PK, s(KEY + hash)))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        return old != null && !old.isEmpty();
    }

    @Override
    public Optional<Team> team(String tenantId, String id) {
        return get(TEAM + tenantId + "/" + id).map(DynamoTenantStore::team);
    }

    @Override
    public List<Team> teams(String tenantId) {
        List<Team> list = new ArrayList<>();
        scan(TEAM, tenantId).forEach(item -> list.add(team(item)));
        list.sort(Comparator.comparing(Team::id));
        return list;
    }

    @Override
    public void putTeam(Team team) {
        ObjectNode spec = Json.object();
        if (team.budget() != null) spec.set("budget", Json.MAPPER.valueToTree(team.budget()));
        if (team.limits() != null) spec.set("limits", Json.MAPPER.valueToTree(team.limits()));
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(TEAM + team.tenantId() + "/" + team.id()));
        item.put("tenant_id", s(team.tenantId()));
        if (team.name() != null) item.put("name", s(team.name()));
        item.put("spec", s(spec.toString()));
        client.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public boolean deleteTeam(String tenantId, String id) {
        Map<String, AttributeValue> old = client.deleteItem(r -> r.tableName(table).key(Map.of(PK, s(TEAM + tenantId + "/" + id)))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        return old != null && !old.isEmpty();
    }

    private Optional<Map<String, AttributeValue>> get(String pk) {
        Map<String, AttributeValue> item = client.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of(PK, s(pk)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    private Iterable<Map<String, AttributeValue>> scan(String kind, String tenantId) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":kind", s(kind));
        String filter = "begins_with(pk, :kind)";
        if (tenantId != null) {
            values.put(":tenant", s(tenantId));
            filter += " AND tenant_id = :tenant";
        }
        String f = filter;
        return client.scanPaginator(r -> r.tableName(table).consistentRead(true).filterExpression(f).expressionAttributeValues(values)).items();
    }

    private static Tenant tenant(Map<String, AttributeValue> item) {
        String id = item.get(PK).s().substring(TENANT.length());
        return Tenant.parse(Json.tree(item.get("spec").s()), id);
    }

    private static Team team(Map<String, AttributeValue> item) {
        String tenantId = item.get("tenant_id").s();
        String id = item.get(PK).s().substring(TEAM.length() + tenantId.length() + 1);
        AttributeValue name = item.get("name");
        var spec = Json.tree(item.get("spec").s());
        return new Team(tenantId, id, name == null ? null : name.s(),
                spec.has("budget") ? dev.llmgateway.core.budget.Budget.parse(spec.get("budget")) : null,
                spec.has("limits") ? dev.llmgateway.core.limit.Limits.parse(spec.get("limits"), "limits") : null);
    }

    private static ApiKey key(Map<String, AttributeValue> item) {
        AttributeValue name = item.get("name");
        AttributeValue policy = item.get("policy");
        return new ApiKey(item.get(PK).s().substring(KEY.length()), item.get("tenant_id").s(), name == null ? null : name.s(),
                item.get("prefix").s(), Instant.parse(item.get("created_at").s()),
                policy == null ? KeyPolicy.NONE : KeyPolicy.parse(Json.tree(policy.s()), KeyPolicy.NONE));
    }
}
