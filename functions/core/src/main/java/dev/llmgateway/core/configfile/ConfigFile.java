package dev.llmgateway.core.configfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.cache.CachePolicy;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.core.providers.Enablement;
import dev.llmgateway.core.providers.ProviderRow;
import dev.llmgateway.core.guardrail.Policy;
import dev.llmgateway.core.routing.Route;
import dev.llmgateway.core.routing.RouteTarget;
import dev.llmgateway.core.tenant.ApiKey;
import dev.llmgateway.core.tenant.ApiKeys;
import dev.llmgateway.core.tenant.Tenant;
import dev.llmgateway.core.tenant.TenantStore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The optional configuration file ({@code gateway.yaml}, or JSON): providers, routes and defaults
 * in one place. It is read and validated whole before anything is built, so a mistake stops the
 * gateway with a {@link ConfigError} naming the file, the path inside it and the problem, and never
 * leaves it half configured. What it sets is a layer under the environment: a variable that is set
 * wins over the file. Secrets appear only as {@code ${VARIABLE}} references, resolved from the
 * environment (which includes the keys read from Secrets Manager).
 */
public final class ConfigFile {
    /** Names the file to read; unset, there is none. */
    public static final String VARIABLE = "GATEWAY_CONFIG";

    private static final Set<String> TOP = Set.of("providers", "routes", "defaults", "cache", "guardrails", "tenants");
    private static final Set<String> KEY_FIELDS = Set.of("name", "hash", "prefix");
    private static final Pattern KEY_HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> PROVIDER_FIELDS = Set.of("name", "base_url", "api_key", "models", "enabled");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");
    /** The settings {@code defaults} may hold, by their lower-case names; all are whole numbers. */
    static final Set<String> SETTINGS = Set.of("gateway_max_body_bytes", "upstream_connect_timeout_ms",
            "upstream_timeout_ms", "upstream_stream_idle_timeout_ms", "routing_max_attempts", "routing_deadline_ms",
            "circuit_failure_threshold", "circuit_cool_down_ms", "routes_cache_ttl_ms", "auth_cache_ttl_ms", "guardrails_cache_ttl_ms",
            "budget_bytes_per_token", "budget_tokens_per_image", "budget_default_max_tokens");

    /**
     * A tenant the file declares, with the hashes of its keys (never the keys: the file may be read
     * by anyone who can read the package).
     */
    public record TenantEntry(Tenant tenant, List<KeyEntry> keys) {
        public TenantEntry {
            keys = List.copyOf(keys);
        }
    }

    /** A key by its stored hash (what {@link ApiKeys#hash} gives for it). */
    public record KeyEntry(String name, String hash, String prefix) {}

    /**
     * What the file configures: variables under the environment, the OpenAI-compatible servers it
     * declares, its routes, its guardrail policies and its tenants (which replace stored ones of the
     * same name or id at startup).
     */
    public record Loaded(Map<String, String> variables, List<ProviderRow> declared, List<Route> routes, List<Policy> guardrails,
                         List<TenantEntry> tenants) {
        public static final Loaded NONE = new Loaded(Map.of(), List.of(), List.of(), List.of(), List.of());

        public Loaded {
            variables = Map.copyOf(variables);
            declared = List.copyOf(declared);
            routes = List.copyOf(routes);
            guardrails = List.copyOf(guardrails);
            tenants = List.copyOf(tenants);
        }

        public Loaded(Map<String, String> variables, List<ProviderRow> declared, List<Route> routes) {
            this(variables, declared, routes, List.of(), List.of());
        }

        /**
         * Writes the file's tenants and their keys into the store, over what it held: the file is the
         * source of truth for what it names, as for routes. Keys get {@code now} as their creation time.
         */
        public void seed(TenantStore store, Instant now) {
            for (TenantEntry entry : tenants) {
                store.putTenant(entry.tenant());
                for (KeyEntry key : entry.keys()) {
                    store.putKey(new ApiKey(key.hash(), entry.tenant().id(), key.name(), key.prefix(), now));
                }
            }
        }

        /** {@code env} over this file's variables: the environment wins. */
        public Env under(Env env) {
            return new Env(name -> {
                String value = env.get(name);
                return value != null ? value : variables.get(name);
            });
        }
    }

    private final String file;
    private final Env env;
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final List<ProviderRow> declared = new ArrayList<>();

    private ConfigFile(String file, Env env) {
        this.file = file;
        this.env = env;
    }

    /** The file {@link #VARIABLE} names, read and validated; {@link Loaded#NONE} when it names none. */
    public static Loaded fromEnv(Env env) {
        String path = env.get(VARIABLE);
        return path == null ? Loaded.NONE : load(Path.of(path), env);
    }

    public static Loaded load(Path path, Env env) {
        String name = path.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ConfigError(name, null, "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(bytes); // YAML is a superset of JSON: both are read
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new ConfigError(name, null, "is not valid YAML or JSON" + (at == null ? "" : " at line " + at.getLineNr()
                    + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigError(name, null, "cannot be read: " + e.getMessage());
        }
        return new ConfigFile(name, env).read(root);
    }

    private Loaded read(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) return Loaded.NONE;
        if (!root.isObject()) throw error(null, "must be a mapping with providers, routes, defaults, cache and/or tenants");
        fields(root, TOP, "");
        JsonNode providers = root.get("providers");
        if (providers != null && !providers.isNull()) providers(list(providers, "providers"));
        JsonNode defaults = root.get("defaults");
        if (defaults != null && !defaults.isNull()) defaults(defaults);
        cache(root.get("cache"));
        List<Route> routes = new ArrayList<>();
        JsonNode list = root.get("routes");
        if (list != null && !list.isNull()) {
            list(list, "routes");
            for (int i = 0; i < list.size(); i++) routes.add(route(list.get(i), "routes[" + i + "]"));
        }
        List<Policy> guardrails = new ArrayList<>();
        JsonNode policies = root.get("guardrails");
        if (policies != null && !policies.isNull()) {
            list(policies, "guardrails");
            for (int i = 0; i < policies.size(); i++) {
                String path = "guardrails[" + i + "]";
                Policy policy = policy(policies.get(i), path);
                if (guardrails.stream().anyMatch(p -> p.id().equals(policy.id()))) throw error(path + ".id", "'" + policy.id() + "' is used twice");
                guardrails.add(policy);
            }
        }
        JsonNode tenants = root.get("tenants");
        return new Loaded(variables, declared, routes, guardrails,
                tenants == null || tenants.isNull() ? List.of() : tenants(list(tenants, "tenants")));
    }

    // ---- tenants ----

    private List<TenantEntry> tenants(JsonNode list) {
        List<TenantEntry> out = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        Set<String> hashes = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "tenants[" + i + "]";
            if (!(list.get(i) instanceof ObjectNode entry)) throw error(path, "must be a mapping with at least an id");
            ObjectNode fields = entry.deepCopy();
            JsonNode keys = fields.remove("keys");
            Tenant tenant;
            try {
                tenant = Tenant.parse(fields, null); // the admin API's rules: id, name, budget, limits, cache
            } catch (GatewayError e) {
                throw error(e.param() == null ? path : path + "." + e.param(), e.getMessage());
            }
            if (!ids.add(tenant.id())) throw error(path + ".id", "tenant '" + tenant.id() + "' is listed twice");
            List<KeyEntry> entries = new ArrayList<>();
            if (keys != null && !keys.isNull()) {
                list(keys, path + ".keys");
                for (int j = 0; j < keys.size(); j++) entries.add(key(keys.get(j), path + ".keys[" + j + "]", hashes));
            }
            out.add(new TenantEntry(tenant, entries));
        }
        return out;
    }

    private KeyEntry key(JsonNode node, String path, Set<String> hashes) {
        if (!node.isObject()) throw error(path, "must be a mapping with the key's hash");
        fields(node, KEY_FIELDS, path + ".");
        String hash = string(node, "hash", path, true);
        if (!KEY_HASH.matcher(hash).matches()) {
            throw error(path + ".hash", "must be the key's SHA-256 (HMAC-SHA256 with API_KEY_PEPPER when set) as 64 "
                    + "lower-case hex digits, never the key itself");
        }
        if (!hashes.add(hash)) throw error(path + ".hash", "the same key is listed twice");
        String name = string(node, "name", path, false);
        String prefix = string(node, "prefix", path, false);
        if (prefix != null && prefix.length() > 10) throw error(path + ".prefix", "must be at most the key's first 10 characters");
        return new KeyEntry(name == null ? "configuration file" : name, hash, prefix == null ? "" : prefix);
    }

    // ---- providers ----

    private void providers(JsonNode list) {
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "providers[" + i + "]";
            JsonNode entry = list.get(i);
            if (!entry.isObject()) throw error(path, "must be a mapping with at least a name");
            fields(entry, PROVIDER_FIELDS, path + ".");
            String name = string(entry, "name", path, true);
            if (!ProviderRow.validName(name)) {
                throw error(path + ".name", "'" + name + "' is not a provider name (lower-case letters, digits and '-')");
            }
            if (!seen.add(name)) throw error(path + ".name", "provider '" + name + "' is listed twice");
            ProviderRow row = Catalogue.ALL.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
            if (row == null) {
                if (!entry.hasNonNull("base_url")) {
                    throw error(path + ".base_url", "is required for '" + name + "', which is not a catalogue provider "
                            + "(an OpenAI-compatible server is declared by its name and base_url; catalogue providers: "
                            + String.join(", ", Catalogue.names()) + ")");
                }
                row = Catalogue.openAiCompatible(name, file + ": " + path);
                declared.add(row);
            }
            provider(entry, row, path);
        }
    }

    private void provider(JsonNode entry, ProviderRow row, String path) {
        String baseUrl = string(entry, "base_url", path, false);
        if (baseUrl != null) {
            url(baseUrl, path + ".base_url");
            if (row.baseUrlVariable() == null) throw error(path + ".base_url", "provider '" + row.name() + "' takes no base URL");
            variables.put(row.baseUrlVariable(), baseUrl);
        }
        JsonNode key = entry.get("api_key");
        if (key != null && !key.isNull()) {
            if (row.keyVariable() == null) throw error(path + ".api_key", "provider '" + row.name() + "' takes no key");
            String raw = key.isTextual() ? key.asText() : "";
            if (!REFERENCE.matcher(raw.trim()).matches()) {
                throw error(path + ".api_key", "must be a ${VARIABLE} reference to a secret in the environment, "
                        + "never the key itself");
            }
            variables.put(row.keyVariable(), resolve(raw.trim(), path + ".api_key"));
        }
        JsonNode models = entry.get("models");
        if (models != null && !models.isNull()) {
            list(models, path + ".models");
            List<String> names = new ArrayList<>();
            for (int j = 0; j < models.size(); j++) {
                if (!models.get(j).isTextual() || models.get(j).asText().isBlank()) {
                    throw error(path + ".models[" + j + "]", "must be a model name");
                }
                names.add(models.get(j).asText().trim());
            }
            if (row.modelsVariable() == null) throw error(path + ".models", "provider '" + row.name() + "' lists its models itself");
            variables.put(row.modelsVariable(), String.join(",", names));
        }
        JsonNode enabled = entry.get("enabled");
        if (enabled != null && !enabled.isNull()) {
            if (!enabled.isBoolean()) throw error(path + ".enabled", "must be true or false");
            if (!(row.enabledBy() instanceof Enablement.ByFlag flag)) {
                throw error(path + ".enabled", "provider '" + row.name() + "' is enabled by "
                        + row.enabledBy().hint(row) + ", not by a flag");
            }
            variables.put(flag.variable(), Boolean.toString(enabled.asBoolean()));
        }
    }

    // ---- defaults ----

    private void defaults(JsonNode defaults) {
        if (!defaults.isObject()) throw error("defaults", "must be a mapping of settings");
        Iterator<Map.Entry<String, JsonNode>> it = defaults.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = "defaults." + e.getKey();
            if (!SETTINGS.contains(e.getKey())) {
                throw error(path, "is not a setting; known: " + String.join(", ", new java.util.TreeSet<>(SETTINGS)));
            }
            JsonNode value = e.getValue();
            if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
                throw error(path, "must be a whole number of at least 0");
            }
            variables.put(e.getKey().toUpperCase(Locale.ROOT), Long.toString(value.asLong()));
        }
    }

    // ---- cache ----

    /** The gateway-wide response-cache policy (docs/cache.md), as the GATEWAY_CACHE_* variables. */
    private void cache(JsonNode node) {
        CachePolicy policy;
        try {
            policy = CachePolicy.parse(node, "cache.");
        } catch (GatewayError e) {
            throw error(e.param() == null ? "cache" : e.param(), e.getMessage());
        }
        if (policy == null) return;
        if (policy.enabled() != null) variables.put(CachePolicy.ENABLED, policy.enabled().toString());
        if (policy.ttlSeconds() != null) variables.put(CachePolicy.TTL_SECONDS, policy.ttlSeconds().toString());
        if (policy.eligible() != null) variables.put(CachePolicy.ELIGIBLE, policy.eligible().wireName());
        if (policy.stateful() != null) variables.put(CachePolicy.STATEFUL, policy.stateful().toString());
        if (policy.hitCostFraction() != null) variables.put(CachePolicy.HIT_COST_FRACTION, policy.hitCostFraction().toPlainString());
    }

    // ---- routes ----

    private Route route(JsonNode node, String path) {
        Route route;
        try {
            route = Route.parse(node);
        } catch (GatewayError e) {
            throw error(e.param() == null ? path : path + "." + e.param(), e.getMessage());
        }
        Set<String> known = new LinkedHashSet<>(Catalogue.names());
        declared.forEach(r -> known.add(r.name()));
        for (int j = 0; j < route.targets().size(); j++) {
            RouteTarget target = route.targets().get(j);
            if (!known.contains(target.provider())) {
                throw error(path + ".targets[" + j + "].provider", "'" + target.provider() + "' is not a provider of this "
                        + "gateway (" + String.join(", ", known) + ")");
            }
        }
        return route;
    }

    // ---- guardrails ----

    private Policy policy(JsonNode node, String path) {
        try {
            return Policy.parse(node, null);
        } catch (GatewayError e) {
            throw error(e.param() == null ? path : path + "." + e.param(), e.getMessage());
        }
    }

    // ---- values ----

    /** Replaces every {@code ${VARIABLE}} with its value in the environment; a missing one is an error. */
    private String resolve(String value, String path) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String resolved = env.get(m.group(1));
            if (resolved == null) throw error(path, "refers to ${" + m.group(1) + "}, which is not set");
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return out.toString();
    }

    private void url(String value, String path) {
        try {
            URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getUserInfo() == null) {
                return;
            }
        } catch (URISyntaxException ignored) {
            // reported below
        }
        throw error(path, "must be an http(s) URL without query or credentials, e.g. https://api.example.com/v1");
    }

    private String string(JsonNode node, String field, String path, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) throw error(path + "." + field, "is required");
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) throw error(path + "." + field, "must be a non-empty string");
        return resolve(value.asText().trim(), path + "." + field);
    }

    private JsonNode list(JsonNode node, String path) {
        if (!node.isArray()) throw error(path, "must be a list");
        return node;
    }

    private void fields(JsonNode node, Set<String> allowed, String prefix) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw error(prefix + name, "is not a field here; expected " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    private ConfigError error(String path, String problem) {
        return new ConfigError(file, path, problem);
    }
}
