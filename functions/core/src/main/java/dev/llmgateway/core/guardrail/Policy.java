package dev.llmgateway.core.guardrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.json.JsonFields;
import dev.llmgateway.core.tenant.ModelPattern;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A named guardrail policy (docs/guardrails.md): where it applies, an action per built-in
 * detector or group, custom detectors (RE2 regular expressions, word lists), and the rules model
 * allow-list, maximum input tokens and the prompt-injection heuristic. Parsed whole, so an
 * invalid policy is refused with the field named and a stored one is always valid.
 */
public record Policy(String id, String description, Scope scope, Map<String, Action> detectors, List<CustomRule> custom,
                     Action promptInjection, List<ModelPattern> allowedModels, Long maxInputTokens, boolean outbound) {
    public static final JsonFields FIELDS = new JsonFields("invalid_guardrail");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final Set<String> TOP = Set.of("id", "description", "applies_to", "detectors", "custom", "prompt_injection",
            "allowed_models", "max_input_tokens", "outbound");
    private static final Set<String> SCOPE = Set.of("global", "tenants", "keys", "routes");
    private static final Set<String> CUSTOM = Set.of("name", "regex", "words", "action", "max_length");
    static final int MAX_WORDS = 1000;

    /** Where a policy applies: everywhere, or to the named tenants, keys (by key id) and routes (public model names). */
    public record Scope(boolean global, List<String> tenants, List<String> keys, List<String> routes) {
        public Scope {
            tenants = List.copyOf(tenants);
            keys = List.copyOf(keys);
            routes = List.copyOf(routes);
        }

        public boolean covers(String tenant, String keyId, String model) {
            return global || (tenant != null && tenants.contains(tenant)) || (keyId != null && keys.contains(keyId))
                    || (model != null && routes.contains(model));
        }
    }

    /** A policy's own detector and its action. */
    public record CustomRule(Detector detector, Action action) {}

    public Policy {
        detectors = Map.copyOf(detectors);
        custom = List.copyOf(custom);
        allowedModels = List.copyOf(allowedModels);
    }

    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Parses a policy body; {@code id} from the URL, or null to take it from the body. */
    public static Policy parse(JsonNode node, String id) {
        if (node == null || !node.isObject()) throw FIELDS.bad("The policy must be a JSON object.", null);
        FIELDS.onlyKnown(node, TOP, "");
        String bodyId = FIELDS.text(node, "id", "id", id == null, 64);
        if (id != null && bodyId != null && !bodyId.equals(id)) {
            throw FIELDS.bad("Invalid 'id': '" + bodyId + "' does not match the URL's '" + id + "'.", "id");
        }
        String policyId = id != null ? id : bodyId;
        if (!validId(policyId)) throw FIELDS.bad("Invalid 'id': 1 to 64 letters, digits, '.', '_' or '-'.", "id");
        String description = FIELDS.text(node, "description", "description", false, 500);
        Scope scope = scope(node.get("applies_to"));
        Map<String, Action> detectors = new LinkedHashMap<>();
        JsonNode d = node.get("detectors");
        if (d != null && !d.isNull()) {
            if (!d.isObject()) throw FIELDS.bad("Invalid 'detectors': an object of detector or group name to action.", "detectors");
            // groups first, so a detector named explicitly overrides its group within this policy
            for (int pass = 0; pass < 2; pass++) {
                for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String name = e.getKey();
                    boolean group = BuiltIn.GROUPS.containsKey(name);
                    if (!group && BuiltIn.get(name) == null) {
                        throw FIELDS.bad("Unknown detector 'detectors." + name + "'; expected one of " + String.join(", ", BuiltIn.names())
                                + " or a group (pii, secrets, all).", "detectors." + name);
                    }
                    if (group != (pass == 0)) continue;
                    Action action = action(e.getValue(), "detectors." + name, false);
                    if (group) BuiltIn.GROUPS.get(name).forEach(member -> detectors.put(member, action));
                    else detectors.put(name, action);
                }
            }
        }
        List<CustomRule> custom = new ArrayList<>();
        JsonNode c = node.get("custom");
        if (c != null && !c.isNull()) {
            if (!c.isArray() || c.size() > 50) throw FIELDS.bad("Invalid 'custom': an array of at most 50 detectors.", "custom");
            for (int i = 0; i < c.size(); i++) custom.add(custom(c.get(i), "custom[" + i + "]", detectors.keySet(), custom));
        }
        Action injection = null;
        if (node.hasNonNull("prompt_injection")) {
            injection = action(node.get("prompt_injection"), "prompt_injection", true);
        }
        List<ModelPattern> allowed = new ArrayList<>();
        JsonNode m = node.get("allowed_models");
        if (m != null && !m.isNull()) {
            if (!m.isArray() || m.isEmpty()) throw FIELDS.bad("Invalid 'allowed_models': a non-empty array of model name patterns.", "allowed_models");
            for (int i = 0; i < m.size(); i++) {
                if (!m.get(i).isTextual() || !ModelPattern.valid(m.get(i).asText())) {
                    throw FIELDS.bad("Invalid 'allowed_models[" + i + "]': a model name in which * stands for any run of characters.",
                            "allowed_models[" + i + "]");
                }
                allowed.add(new ModelPattern(m.get(i).asText()));
            }
        }
        Long maxInput = FIELDS.wholeNumber(node, "max_input_tokens", "max_input_tokens", 1, 10_000_000, "the most input tokens a request may carry");
        JsonNode o = node.get("outbound");
        if (o != null && !o.isNull() && !o.isBoolean()) throw FIELDS.bad("Invalid 'outbound': true or false.", "outbound");
        boolean outbound = o == null || o.isNull() || o.asBoolean();
        return new Policy(policyId, description, scope, detectors, custom, injection, allowed, maxInput, outbound);
    }

    private static Scope scope(JsonNode node) {
        if (node == null || node.isNull()) throw FIELDS.bad("Missing 'applies_to': where the policy applies (global, tenants, keys, routes).", "applies_to");
        if (!node.isObject()) throw FIELDS.bad("Invalid 'applies_to': an object.", "applies_to");
        FIELDS.onlyKnown(node, SCOPE, "applies_to.");
        JsonNode g = node.get("global");
        if (g != null && !g.isNull() && !g.isBoolean()) throw FIELDS.bad("Invalid 'applies_to.global': true or false.", "applies_to.global");
        Scope scope = new Scope(g != null && g.asBoolean(), names(node, "tenants"), names(node, "keys"), names(node, "routes"));
        if (!scope.global() && scope.tenants().isEmpty() && scope.keys().isEmpty() && scope.routes().isEmpty()) {
            throw FIELDS.bad("Invalid 'applies_to': name at least one of global, tenants, keys or routes.", "applies_to");
        }
        return scope;
    }

    private static List<String> names(JsonNode parent, String field) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) return List.of();
        String param = "applies_to." + field;
        if (!v.isArray() || v.size() > 1000) throw FIELDS.bad("Invalid '" + param + "': an array of at most 1000 names.", param);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isTextual() || e.asText().isBlank() || e.asText().length() > 200) {
                throw FIELDS.bad("Invalid '" + param + "[" + i + "]': a non-empty string of at most 200 characters.", param + "[" + i + "]");
            }
            out.add(e.asText());
        }
        return out;
    }

    private static Action action(JsonNode v, String param, boolean detectOnly) {
        Action a = v != null && v.isTextual() ? Action.parse(v.asText()) : null;
        if (a == null || (detectOnly && a.replaces())) {
            throw FIELDS.bad("Invalid '" + param + "': one of " + (detectOnly ? "log, block" : "log, redact, restore, block") + ".", param);
        }
        return a;
    }

    private static CustomRule custom(JsonNode node, String param, Set<String> builtIns, List<CustomRule> before) {
        if (node == null || !node.isObject()) throw FIELDS.bad("Invalid '" + param + "': an object.", param);
        FIELDS.onlyKnown(node, CUSTOM, param + ".");
        String name = FIELDS.text(node, "name", param + ".name", true, 40);
        if (!NAME.matcher(name).matches() || BuiltIn.get(name) != null || BuiltIn.GROUPS.containsKey(name) || PromptInjection.NAME.equals(name)) {
            throw FIELDS.bad("Invalid '" + param + ".name': lower-case letters, digits and '_', starting with a letter, not a built-in name.",
                    param + ".name");
        }
        if (before.stream().anyMatch(r -> r.detector().name().equals(name))) {
            throw FIELDS.bad("Invalid '" + param + ".name': '" + name + "' is used twice.", param + ".name");
        }
        Action action = action(node.get("action"), param + ".action", false);
        boolean regex = node.hasNonNull("regex");
        boolean words = node.hasNonNull("words");
        if (regex == words) throw FIELDS.bad("Invalid '" + param + "': give exactly one of 'regex' and 'words'.", param);
        if (regex) {
            String pattern = FIELDS.text(node, "regex", param + ".regex", true, 1000);
            Long max = FIELDS.wholeNumber(node, "max_length", param + ".max_length", 1, 1024, "the longest value it matches, held back in streams");
            try {
                return new CustomRule(new Custom.Regex(name, pattern, max == null ? 64 : max.intValue()), action);
            } catch (IllegalArgumentException e) {
                throw FIELDS.bad("Invalid '" + param + ".regex': not an RE2 regular expression (" + e.getMessage() + ").", param + ".regex");
            }
        }
        if (node.has("max_length")) throw FIELDS.bad("Invalid '" + param + ".max_length': only for a regex.", param + ".max_length");
        JsonNode w = node.get("words");
        if (!w.isArray() || w.isEmpty() || w.size() > MAX_WORDS) {
            throw FIELDS.bad("Invalid '" + param + ".words': an array of 1 to " + MAX_WORDS + " words or phrases.", param + ".words");
        }
        List<String> list = new ArrayList<>();
        for (int i = 0; i < w.size(); i++) {
            JsonNode e = w.get(i);
            if (!e.isTextual() || e.asText().isBlank() || e.asText().length() > 100) {
                throw FIELDS.bad("Invalid '" + param + ".words[" + i + "]': a non-empty string of at most 100 characters.", param + ".words[" + i + "]");
            }
            list.add(e.asText().trim());
        }
        return new CustomRule(new Custom.Words(name, list), action);
    }

    /** The policy as JSON, the same shape {@link #parse} reads (groups expanded into detectors). */
    public ObjectNode toTree() {
        ObjectNode n = Json.object().put("object", "guardrail.policy").put("id", id);
        if (description != null) n.put("description", description);
        ObjectNode s = n.putObject("applies_to");
        if (scope.global()) s.put("global", true);
        if (!scope.tenants().isEmpty()) scope.tenants().forEach(s.withArray("tenants")::add);
        if (!scope.keys().isEmpty()) scope.keys().forEach(s.withArray("keys")::add);
        if (!scope.routes().isEmpty()) scope.routes().forEach(s.withArray("routes")::add);
        ObjectNode d = n.putObject("detectors");
        BuiltIn.names().forEach(name -> {
            if (detectors.containsKey(name)) d.put(name, detectors.get(name).wire());
        });
        ArrayNode c = n.putArray("custom");
        for (CustomRule r : custom) {
            ObjectNode e = c.addObject().put("name", r.detector().name());
            if (r.detector() instanceof Custom.Regex re) e.put("regex", re.regex()).put("max_length", re.maxLength());
            if (r.detector() instanceof Custom.Words words) words.words().forEach(e.withArray("words")::add);
            e.put("action", r.action().wire());
        }
        if (promptInjection != null) n.put("prompt_injection", promptInjection.wire());
        if (!allowedModels.isEmpty()) allowedModels.forEach(p -> n.withArray("allowed_models").add(p.glob()));
        if (maxInputTokens != null) n.put("max_input_tokens", maxInputTokens);
        n.put("outbound", outbound);
        return n;
    }

    /** The stored form: {@link #toTree} without the {@code object} marker. */
    public byte[] toJson() {
        ObjectNode tree = toTree();
        tree.remove("object");
        return Json.bytes(tree);
    }
}
