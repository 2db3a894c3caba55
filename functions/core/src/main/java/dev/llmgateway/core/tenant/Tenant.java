package dev.llmgateway.core.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.budget.Budget;
import dev.llmgateway.core.json.JsonFields;
import java.util.Set;
import java.util.regex.Pattern;

/** A customer of the gateway: API keys belong to it, and its budget (null: none) caps what they may spend. */
public record Tenant(String id, String name, Budget budget) {
    /** The tenant of requests in open mode that carry no known key. */
    public static final String DEFAULT_ID = "default";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Set<String> FIELDS = Set.of("id", "name", "budget");
    private static final JsonFields BODY = new JsonFields("invalid_tenant");

    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public Tenant withBudget(Budget budget) {
        return new Tenant(id, name, budget);
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
        return new Tenant(id, name, budget);
    }

    private static GatewayError bad(String message, String param) {
        return BODY.bad(message, param);
    }
}
