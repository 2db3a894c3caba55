package dev.llmgateway.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.budget.Budget;
import dev.llmgateway.core.budget.Budgets;
import dev.llmgateway.core.budget.Caps;
import dev.llmgateway.core.budget.Period;
import dev.llmgateway.core.budget.Totals;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.json.JsonFields;
import dev.llmgateway.core.limit.Limits;
import dev.llmgateway.core.tenant.Team;
import dev.llmgateway.core.routing.Route;
import dev.llmgateway.core.store.Stores;
import dev.llmgateway.core.tenant.ApiKey;
import dev.llmgateway.core.tenant.ApiKeys;
import dev.llmgateway.core.tenant.KeyPolicy;
import dev.llmgateway.core.tenant.Tenant;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The control plane, framework-free so that the local server and a separate admin function can
 * both expose it: routes, tenants, budgets, API keys and usage, JSON in and out. Every method
 * either returns the JSON to send or throws a {@link GatewayError} (400 naming the field, 404, 409).
 * A key is returned in plain text once, by {@link #createKey}; only its hash is stored.
 */
public final class AdminApi {
    static final long DEFAULT_ROTATION_OVERLAP_SECONDS = 86_400;
    static final long MAX_ROTATION_OVERLAP_SECONDS = 90L * 86_400;
    private static final Set<String> KEY_FIELDS = java.util.stream.Stream.concat(java.util.stream.Stream.of("name"),
            KeyPolicy.FIELDS.stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());
    private static final Set<String> ROTATE_FIELDS = Set.of("overlap_seconds");
    private static final JsonFields KEY_BODY = new JsonFields("invalid_key");
    private static final JsonFields TEAM_BODY = new JsonFields("invalid_team");
    private static final Set<String> TEAM_FIELDS = Set.of("name", "budget", "limits");
    private final Stores stores;
    private final ApiKeys keys;
    private final Budgets budgets;
    private final byte[] adminKey;
    private final Runnable changed;

    /**
     * @param adminKey the key admin requests must present; null disables the admin API
     * @param changed called after every write, so caches in this process see it at once
     */
    public AdminApi(Stores stores, ApiKeys keys, Budgets budgets, String adminKey, Runnable changed) {
        this.stores = stores;
        this.keys = keys;
        this.budgets = budgets;
        this.adminKey = adminKey == null ? null : adminKey.getBytes(StandardCharsets.UTF_8);
        this.changed = changed;
    }

    /** Checks {@code Authorization: Bearer <ADMIN_API_KEY>} in constant time. */
    public void authorize(String authorization) {
        if (adminKey == null) throw GatewayError.unauthorized("The admin API is disabled: set ADMIN_API_KEY to enable it.");
        String presented = authorization == null ? "" : authorization.trim();
        if (presented.regionMatches(true, 0, "Bearer ", 0, 7)) presented = presented.substring(7).trim();
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), adminKey)) {
            throw GatewayError.unauthorized("Incorrect admin API key.");
        }
    }

    // ---- routes ----

    public ObjectNode listRoutes() {
        return list(stores.routes().list().stream().map(Route::toTree).toList());
    }

    public ObjectNode getRoute(String model) {
        return stores.routes().get(model).map(Route::toTree).orElseThrow(() -> notFound("route", model));
    }

    /** Creates or replaces the route; {@code model} from the URL, or null to take it from the body. */
    public ObjectNode putRoute(String model, byte[] body) {
        Route route = Route.parse(json(body), model);
        stores.routes().put(route);
        changed.run();
        return route.toTree();
    }

    public ObjectNode deleteRoute(String model) {
        if (!stores.routes().delete(model)) throw notFound("route", model);
        changed.run();
        return deleted(model);
    }

    // ---- tenants and budgets ----

    public ObjectNode listTenants() {
        return list(stores.tenants().tenants().stream().map(AdminApi::tree).toList());
    }

    public ObjectNode getTenant(String id) {
        return tree(tenant(id));
    }

    /** Creates a tenant; 409 when it exists. */
    public ObjectNode createTenant(byte[] body) {
        Tenant tenant = Tenant.parse(json(body), null);
        if (stores.tenants().tenant(tenant.id()).isPresent()) {
            throw GatewayError.conflict("Tenant '" + tenant.id() + "' already exists; use PUT /admin/tenants/" + tenant.id()
                    + " to replace it.", "id");
        }
        stores.tenants().putTenant(tenant);
        changed.run();
        return tree(tenant);
    }

    /** Creates or replaces a tenant (name and budget). */
    public ObjectNode putTenant(String id, byte[] body) {
        Tenant tenant = Tenant.parse(json(body), id);
        stores.tenants().putTenant(tenant);
        changed.run();
        return tree(tenant);
    }

    public ObjectNode deleteTenant(String id) {
        if (!stores.tenants().deleteTenant(id)) throw notFound("tenant", id);
        changed.run();
        return deleted(id);
    }

    /** Sets a tenant's budget; the tenant is created if it does not exist. */
    public ObjectNode putBudget(String id, byte[] body) {
        if (!Tenant.validId(id)) throw GatewayError.invalidRequest("Invalid tenant id '" + id + "'.", "id", "invalid_tenant");
        Budget budget = Budget.parse(json(body));
        Tenant tenant = stores.tenants().tenant(id).orElse(new Tenant(id, id, null)).withBudget(budget);
        stores.tenants().putTenant(tenant);
        changed.run();
        return tree(tenant);
    }

    public ObjectNode deleteBudget(String id) {
        Tenant tenant = tenant(id).withBudget(null);
        stores.tenants().putTenant(tenant);
        changed.run();
        return tree(tenant);
    }

    /** The tenant's counters for the current day and month, with the caps that apply. */
    public ObjectNode usage(String id) {
        Tenant tenant = stores.tenants().tenant(id).orElse(Tenant.DEFAULT_ID.equals(id) ? new Tenant(id, id, null) : null);
        if (tenant == null) throw notFound("tenant", id);
        Instant now = budgets.now();
        ObjectNode out = Json.object().put("object", "tenant.usage").put("tenant", id);
        for (Period period : Period.values()) {
            Totals totals = budgets.usage(id, period);
            ObjectNode node = out.putObject(period.wireName());
            String key = period.key(id, now);
            node.put("period", key.substring(key.lastIndexOf('#') + 1));
            node.put("tokens", totals.tokens());
            node.put("usd", usd(totals.usdMicros()));
            node.put("requests", totals.requests());
            node.put("resets_at", period.end(now).toString());
            Caps caps = tenant.budget() == null ? Caps.NONE : tenant.budget().caps(period);
            if (caps.tokens() != null) node.put("tokens_cap", caps.tokens());
            if (caps.usdMicros() != null) node.put("usd_cap", usd(caps.usdMicros()));
        }
        return out;
    }

    // ---- teams ----

    public ObjectNode listTeams(String tenantId) {
        tenant(tenantId);
        return list(stores.tenants().teams(tenantId).stream().map(AdminApi::tree).toList());
    }

    public ObjectNode getTeam(String tenantId, String teamId) {
        return tree(team(tenantId, teamId));
    }

    /** Creates or replaces a team of an existing tenant: {@code name}, {@code budget} (caps only), {@code limits}. */
    public ObjectNode putTeam(String tenantId, String teamId, byte[] body) {
        tenant(tenantId);
        if (!Team.validId(teamId)) throw TEAM_BODY.bad("Invalid team id '" + teamId + "': 1 to 64 letters, digits, '.', '_' or '-'.", "id");
        JsonNode node = json(body);
        if (!node.isObject()) throw TEAM_BODY.bad("The request body must be a JSON object.", null);
        TEAM_BODY.onlyKnown(node, TEAM_FIELDS, "");
        String name = TEAM_BODY.text(node, "name", "name", false, 200);
        Budget budget = node.hasNonNull("budget") ? KeyPolicy.capsOnly(node.get("budget"), "a team's") : null;
        Limits limits = node.hasNonNull("limits") ? Limits.parse(node.get("limits"), "limits") : null;
        Team team = new Team(tenantId, teamId, name, budget, limits);
        stores.tenants().putTeam(team);
        changed.run();
        return tree(team);
    }

    /** Deletes a team; refused with 409 while keys of the tenant still name it (move or delete them first). */
    public ObjectNode deleteTeam(String tenantId, String teamId) {
        team(tenantId, teamId);
        long members = stores.tenants().keys(tenantId).stream().filter(k -> teamId.equals(k.policy().teamId())).count();
        if (members > 0) {
            throw GatewayError.conflict("Team '" + teamId + "' still has " + members + " key(s); set their team_id to another team or null first.", "id");
        }
        stores.tenants().deleteTeam(tenantId, teamId);
        changed.run();
        return deleted(teamId);
    }

    private Team team(String tenantId, String teamId) {
        tenant(tenantId);
        return stores.tenants().team(tenantId, teamId).orElseThrow(() -> notFound("team", teamId));
    }

    private static ObjectNode tree(Team team) {
        ObjectNode node = Json.object().put("object", "team").put("id", team.id()).put("tenant_id", team.tenantId());
        if (team.name() != null) node.put("name", team.name());
        if (team.budget() != null) node.set("budget", Json.MAPPER.valueToTree(team.budget()));
        if (team.limits() != null) node.set("limits", Json.MAPPER.valueToTree(team.limits()));
        return node;
    }

    /** A key may name only a team of its own tenant. */
    private KeyPolicy inTenant(String tenantId, KeyPolicy policy) {
        if (policy.teamId() != null && stores.tenants().team(tenantId, policy.teamId()).isEmpty()) {
            throw KEY_BODY.bad("Invalid 'team_id': tenant '" + tenantId + "' has no team '" + policy.teamId() + "'.", "team_id");
        }
        return policy;
    }

    // ---- keys ----

    /**
     * Creates a key for an existing tenant, with an optional name and policy (models, expiry,
     * metadata, limits). The response is the only place the plain key ever appears.
     */
    public ObjectNode createKey(String tenantId, byte[] body) {
        tenant(tenantId);
        JsonNode node = body == null || body.length == 0 ? Json.object() : keyFields(json(body));
        return issue(tenantId, name(node, null), inTenant(tenantId, KeyPolicy.parse(node, KeyPolicy.NONE)));
    }

    /** Changes a key's name or policy: the fields present replace the stored ones; a field set to null clears it. */
    public ObjectNode updateKey(String tenantId, String keyId, byte[] body) {
        ApiKey key = key(tenantId, keyId);
        JsonNode node = keyFields(json(body));
        ApiKey updated = key.with(name(node, key.name()), inTenant(tenantId, KeyPolicy.parse(node, key.policy())));
        stores.tenants().putKey(updated);
        changed.run();
        return tree(updated);
    }

    /**
     * Rotates a key: a new key with the same name and policy is issued, and the old one now expires
     * after {@code overlap_seconds} (default one day, 0 for at once) unless it expires sooner anyway,
     * so both work while clients move over.
     */
    public ObjectNode rotateKey(String tenantId, String keyId, byte[] body) {
        ApiKey old = key(tenantId, keyId);
        long overlap = DEFAULT_ROTATION_OVERLAP_SECONDS;
        if (body != null && body.length > 0) {
            JsonNode node = json(body);
            if (!node.isObject()) throw KEY_BODY.bad("The body must be a JSON object.", null);
            KEY_BODY.onlyKnown(node, ROTATE_FIELDS, "");
            Long seconds = KEY_BODY.wholeNumber(node, "overlap_seconds", "overlap_seconds", 0, MAX_ROTATION_OVERLAP_SECONDS,
                    "the seconds the old key stays valid");
            if (seconds != null) overlap = seconds;
        }
        Instant oldExpires = budgets.now().plusSeconds(overlap);
        if (old.policy().expiresAt() != null && old.policy().expiresAt().isBefore(oldExpires)) oldExpires = old.policy().expiresAt();
        ObjectNode issued = issue(tenantId, old.name(), old.policy());
        ApiKey retiring = old.with(old.name(), old.policy().withExpiresAt(oldExpires));
        stores.tenants().putKey(retiring);
        changed.run();
        issued.set("replaces", tree(retiring));
        return issued;
    }

    private ObjectNode issue(String tenantId, String name, KeyPolicy policy) {
        String key = keys.generate();
        ApiKey stored = new ApiKey(keys.hash(key), tenantId, name, ApiKeys.displayPrefix(key), budgets.now(), policy);
        stores.tenants().putKey(stored);
        changed.run();
        return tree(stored).put("key", key);
    }

    private static JsonNode keyFields(JsonNode node) {
        if (!node.isObject()) throw KEY_BODY.bad("The body must be a JSON object.", null);
        KEY_BODY.onlyKnown(node, KEY_FIELDS, "");
        return node;
    }

    private static String name(JsonNode node, String current) {
        if (!node.has("name")) return current;
        JsonNode n = node.get("name");
        if (n.isNull()) return null;
        if (!n.isTextual() || n.asText().length() > 200) {
            throw KEY_BODY.bad("Invalid 'name': a string of at most 200 characters.", "name");
        }
        return n.asText();
    }

    public ObjectNode listKeys(String tenantId) {
        tenant(tenantId);
        return list(stores.tenants().keys(tenantId).stream().map(AdminApi::tree).toList());
    }

    public ObjectNode getKey(String tenantId, String keyId) {
        return tree(key(tenantId, keyId));
    }

    /** Revokes a key: deleted at once; environments that cached it refuse it within their cache TTL. */
    public ObjectNode deleteKey(String tenantId, String keyId) {
        ApiKey key = key(tenantId, keyId);
        stores.tenants().deleteKey(key.hash());
        changed.run();
        return deleted(keyId);
    }

    // ---- helpers ----

    private ApiKey key(String tenantId, String keyId) {
        return stores.tenants().keyByHash(keyId).filter(k -> k.tenantId().equals(tenantId))
                .orElseThrow(() -> notFound("key", keyId));
    }

    private Tenant tenant(String id) {
        return stores.tenants().tenant(id).orElseThrow(() -> notFound("tenant", id));
    }

    private static ObjectNode tree(Tenant tenant) {
        ObjectNode node = Json.MAPPER.valueToTree(tenant);
        node.put("object", "tenant");
        return node;
    }

    private static ObjectNode tree(ApiKey key) {
        ObjectNode node = Json.object().put("object", "api_key").put("id", key.hash()).put("tenant_id", key.tenantId());
        if (key.name() != null) node.put("name", key.name());
        node.put("prefix", key.prefix()).put("created_at", key.createdAt().toString());
        key.policy().writeTo(node);
        return node;
    }

    static ObjectNode list(Collection<ObjectNode> items) {
        ObjectNode out = Json.object().put("object", "list");
        ArrayNode data = out.putArray("data");
        items.forEach(data::add);
        return out;
    }

    static ObjectNode deleted(String id) {
        return Json.object().put("id", id).put("deleted", true);
    }

    private static BigDecimal usd(long micros) {
        return BigDecimal.valueOf(micros, 6).stripTrailingZeros();
    }

    static JsonNode json(byte[] body) {
        if (body == null || body.length == 0) throw GatewayError.invalidRequest("The request body is empty; send a JSON object.", null, "invalid_json");
        try {
            return Json.clientTree(body);
        } catch (IOException e) {
            throw GatewayError.invalidRequest("The request body is not valid JSON.", null, "invalid_json");
        }
    }

    static GatewayError notFound(String what, String id) {
        return GatewayError.notFound("No " + what + " '" + id + "'.");
    }
}
