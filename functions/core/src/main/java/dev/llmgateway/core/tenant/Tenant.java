package dev.llmgateway.core.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.budget.Budget;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/** A customer of the gateway: API keys belong to it, and its budget (null: none) caps what they may spend. */
public record Tenant(String id, String name, Budget budget) {
    /** The tenant of requests in open mode that carry no known key. */
    public static final String DEFAULT_ID = "default";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Set<String> FIELDS = Set.of("id", "name", "budget");

    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public Tenant withBudget(Budget budget) {
        return new Tenant(id, name, budget);
    }

    /** Validates and reads a tenant; {@code idFromPath} is used when the body names none. */
    public static Tenant parse(JsonNode node, String idFromPath) {
        if (node == null || !node.isObject()) throw bad("A tenant must be a JSON object.", null);
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!FIELDS.contains(name)) throw bad("Unknown field '" + name + "'; expected budget, id, name.", name);
        }
        JsonNode idNode = node.get("id");
        String id = idNode == null || idNode.isNull() ? idFromPath : idNode.isTextual() ? idNode.asText() : "";
        if (id == null) throw bad("Missing 'id'.", "id");
        if (!validId(id)) throw bad("Invalid 'id': lower-case letters, digits, '-' and '_', at most 63 characters.", "id");
        if (idFromPath != null && !idFromPath.equals(id)) throw bad("The body's 'id' differs from the tenant in the URL.", "id");
        JsonNode nameNode = node.get("name");
        String name = id;
        if (nameNode != null && !nameNode.isNull()) {
            if (!nameNode.isTextual() || nameNode.asText().length() > 200) throw bad("Invalid 'name': a string of at most 200 characters.", "name");
            name = nameNode.asText();
        }
        JsonNode budgetNode = node.get("budget");
        Budget budget = budgetNode == null || budgetNode.isNull() ? null : Budget.parse(budgetNode);
        return new Tenant(id, name, budget);
    }

    private static GatewayError bad(String message, String param) {
        return GatewayError.invalidRequest(message, param, "invalid_tenant");
    }
}
