package dev.llmgateway.core.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.budget.Budget;
import dev.llmgateway.core.cache.CachePolicy;
import dev.llmgateway.core.limit.Limits;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.llmgateway.core.json.JsonFields;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A customer of the gateway: API keys belong to it, its budget (null: none) caps what they may
 * spend, and its rate limits (null: none) cap how fast: {@code limits} for all its requests
 * together, {@code modelLimits} for its requests of one model (the name the client sends).
 * {@code cache} (null: the gateway's) is its response-cache policy (docs/cache.md), over the
 * route's and the gateway's.
 */
public record Tenant(String id, String name, Budget budget, Limits limits, Map<String, Limits> modelLimits, CachePolicy cache) {
    /** The tenant of requests in open mode that carry no known key. */
    public static final String DEFAULT_ID = "default";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Set<String> FIELDS = Set.of("id", "name", "budget", "limits", "model_limits", "cache");
    private static final JsonFields BODY = new JsonFields("invalid_tenant");
    private static final int MAX_MODEL_LIMITS = 200;

    public Tenant {
        modelLimits = modelLimits == null ? Map.of() : Map.copyOf(modelLimits);
    }

    public Tenant(String id, String name, Budget budget) {
        this(id, name, budget, null, Map.of());
    }

    public Tenant(String id, String name, Budget budget, Limits limits, Map<String, Limits> modelLimits) {
        this(id, name, budget, limits, modelLimits, null);
    }

    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public Tenant withBudget(Budget budget) {
        return new Tenant(id, name, budget, this.limits, modelLimits, cache);
    }

    /** Validates and reads a tenant; {@code idFromPath} is used when the body names none. */
    public static Tenant parse(JsonNode node, String idFromPath) {
        if (node == null || !node.isObject()) throw bad("A tenant must be a JSON object.", null);
        BODY.onlyKnown(node, FIELDS, "");
        JsonNode idNode = node.get("id");
        String id = idNode == null || idNode.isNull() ? idFromPath : idNode.isTextual() ? idNode.asText() : "";
        if (id == null) throw bad("Missing 'id'.", "id");
        if (!validId(id)) throw bad("Invalid 'id': lower-case letters, digits, '-' and '_', at most 63 characters.", "id");
        if (idFromPath != null && !idFromPath.equals(id)) throw bad("The body's 'id' differs from the tenant in the URL.", "id");
        String name = BODY.text(node, "name", "name", false, 200);
        if (name == null) name = id;
        JsonNode budgetNode = node.get("budget");
        Budget budget = budgetNode == null || budgetNode.isNull() ? null : Budget.parse(budgetNode);
        return new Tenant(id, name, budget, Limits.parse(node.get("limits"), "limits"), modelLimits(node.get("model_limits")),
                CachePolicy.parse(node.get("cache"), "cache."));
    }

    private static Map<String, Limits> modelLimits(JsonNode node) {
        if (node == null || node.isNull()) return Map.of();
        if (!node.isObject() || node.size() > MAX_MODEL_LIMITS) {
            throw bad("Invalid 'model_limits': an object of at most " + MAX_MODEL_LIMITS + " model names, each with its limits.", "model_limits");
        }
        Map<String, Limits> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> e = entries.next();
            String param = "model_limits." + e.getKey();
            if (!ModelPattern.valid(e.getKey()) || e.getKey().contains("*")) throw bad("Invalid '" + param + "': not a model name.", param);
            Limits limits = Limits.parse(e.getValue(), param);
            if (limits != null) out.put(e.getKey(), limits);
        }
        return out;
    }

    private static GatewayError bad(String message, String param) {
        return BODY.bad(message, param);
    }
}
