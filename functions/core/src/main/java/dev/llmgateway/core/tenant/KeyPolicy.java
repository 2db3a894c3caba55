package dev.llmgateway.core.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.budget.Budget;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.json.JsonFields;
import dev.llmgateway.core.limit.Limits;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an operator sets on one API key: the models it may use (an allow-list; empty allows all)
 * and may not (a deny-list, which wins), when it expires (null: never), free-form metadata
 * (labels for the operator, returned by the admin API), and its own rate limits and budget caps,
 * which apply in addition to its tenant's, so the tightest wins.
 */
public record KeyPolicy(List<ModelPattern> allowedModels, List<ModelPattern> deniedModels, Instant expiresAt,
                        Map<String, String> metadata, Limits limits, Budget budget, String teamId) {
    public static final KeyPolicy NONE = new KeyPolicy(List.of(), List.of(), null, Map.of(), null, null, null);
    public static final Set<String> FIELDS = Set.of("allowed_models", "denied_models", "expires_at", "metadata", "limits", "budget", "team_id");
    private static final JsonFields BODY = new JsonFields("invalid_key");
    private static final int MAX_PATTERNS = 100;
    private static final int MAX_METADATA = 50;

    public KeyPolicy {
        allowedModels = allowedModels == null ? List.of() : List.copyOf(allowedModels);
        deniedModels = deniedModels == null ? List.of() : List.copyOf(deniedModels);
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public boolean allows(String model) {
        if (deniedModels.stream().anyMatch(p -> p.matches(model))) return false;
        return allowedModels.isEmpty() || allowedModels.stream().anyMatch(p -> p.matches(model));
    }

    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    public KeyPolicy withExpiresAt(Instant expiresAt) {
        return new KeyPolicy(allowedModels, deniedModels, expiresAt, metadata, limits, budget, teamId);
    }

    public KeyPolicy withTeam(String teamId) {
        return new KeyPolicy(allowedModels, deniedModels, expiresAt, metadata, limits, budget, teamId);
    }

    /** The policy's fields in the admin API's JSON (absent ones left out). */
    public void writeTo(ObjectNode node) {
        if (!allowedModels.isEmpty()) allowedModels.forEach(p -> node.withArray("allowed_models").add(p.glob()));
        if (!deniedModels.isEmpty()) deniedModels.forEach(p -> node.withArray("denied_models").add(p.glob()));
        if (expiresAt != null) node.put("expires_at", expiresAt.toString());
        if (!metadata.isEmpty()) metadata.forEach(node.putObject("metadata")::put);
        if (limits != null) node.set("limits", Json.MAPPER.valueToTree(limits));
        if (budget != null) node.set("budget", Json.MAPPER.valueToTree(budget));
        if (teamId != null) node.put("team_id", teamId);
    }

    /**
     * Reads the policy fields present in {@code node} over {@code base} (a field set to null is
     * cleared); other fields of {@code node} are not looked at. Errors are 400s naming the field.
     */
    public static KeyPolicy parse(JsonNode node, KeyPolicy base) {
        List<ModelPattern> allowed = node.has("allowed_models") ? patterns(node.get("allowed_models"), "allowed_models") : base.allowedModels();
        List<ModelPattern> denied = node.has("denied_models") ? patterns(node.get("denied_models"), "denied_models") : base.deniedModels();
        Instant expires = node.has("expires_at") ? instant(node.get("expires_at")) : base.expiresAt();
        Map<String, String> metadata = node.has("metadata") ? metadata(node.get("metadata")) : base.metadata();
        Limits limits = node.has("limits") ? Limits.parse(node.get("limits"), "limits") : base.limits();
        Budget budget = node.has("budget") ? capsOnly(node.get("budget"), "a key's") : base.budget();
        String team = node.has("team_id") ? teamId(node.get("team_id")) : base.teamId();
        return new KeyPolicy(allowed, denied, expires, metadata, limits, budget, team);
    }

    /** The key's team (which the admin API checks exists in the key's tenant), or null for none. */
    private static String teamId(JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (!v.isTextual() || !Team.validId(v.asText())) throw bad("Invalid 'team_id': the id of a team of the key's tenant, or null for none.", "team_id");
        return v.asText();
    }

    /** A key's or a team's budget ({@code whose}): caps only; downgrades are the tenant's. */
    public static Budget capsOnly(JsonNode v, String whose) {
        if (v == null || v.isNull()) return null;
        Budget budget = Budget.parse(v);
        if (!budget.downgrade().isEmpty()) throw bad("Invalid 'budget.downgrade': " + whose + " budget has caps only; set downgrades on the tenant.", "budget.downgrade");
        return budget;
    }

    private static List<ModelPattern> patterns(JsonNode v, String field) {
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray() || v.size() > MAX_PATTERNS) throw bad("Invalid '" + field + "': an array of at most " + MAX_PATTERNS + " model names or patterns ('*' matches any run of characters).", field);
        List<ModelPattern> out = new ArrayList<>();
        for (JsonNode p : v) {
            if (!p.isTextual() || !ModelPattern.valid(p.asText())) {
                throw bad("Invalid '" + field + "': each entry is a model name, in which '*' matches any run of characters.", field);
            }
            out.add(new ModelPattern(p.asText()));
        }
        return out;
    }

    private static Instant instant(JsonNode v) {
        if (v == null || v.isNull()) return null;
        try {
            if (v.isTextual()) return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            // fall through to the error below
        }
        throw bad("Invalid 'expires_at': an ISO-8601 UTC time such as 2026-01-31T00:00:00Z, or null for never.", "expires_at");
    }

    private static Map<String, String> metadata(JsonNode v) {
        if (v == null || v.isNull()) return Map.of();
        if (!v.isObject() || v.size() > MAX_METADATA) throw bad("Invalid 'metadata': an object of at most " + MAX_METADATA + " string values.", "metadata");
        Map<String, String> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = v.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            if (e.getKey().isEmpty() || e.getKey().length() > 64 || !e.getValue().isTextual() || e.getValue().asText().length() > 500) {
                throw bad("Invalid 'metadata." + e.getKey() + "': names of 1 to 64 characters, string values of at most 500.", "metadata." + e.getKey());
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static GatewayError bad(String message, String param) {
        return BODY.bad(message, param);
    }
}
