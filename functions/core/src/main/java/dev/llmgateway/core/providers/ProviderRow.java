package dev.llmgateway.core.providers;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.providers.openai.ChatQuirks;
import dev.llmgateway.core.spi.Endpoint;
import dev.llmgateway.core.spi.Provider;
import java.util.Arrays;
import java.util.List;

/**
 * One provider of the catalogue, as data: which schema it speaks, how it authenticates, the
 * variables that enable and configure it, the model names that route to it, and how it departs
 * from its schema ({@link ChatQuirks}, for OpenAI-compatible providers).
 *
 * @param name the provider's name: {@code <name>/<model>} routes to it, and errors and metrics name it
 * @param variablePrefix the prefix of its settings, e.g. {@code GROQ} for {@code GROQ_API_KEY}
 * @param keyVariable the variable holding its key; null for none (SigV4, a keyless server)
 * @param baseUrlVariable overrides {@code defaultBaseUrl}: everything before the schema's path
 * @param defaultBaseUrl null where the transport knows the endpoint (the AWS SDK)
 * @param barePrefixes model names starting with one of these route here without {@code <name>/}
 * @param modelsVariable a comma-separated list that replaces {@code defaultModels} in {@code GET /v1/models}
 */
public record ProviderRow(
        String name,
        ApiSchema schema,
        AuthStyle auth,
        Enablement enabledBy,
        String variablePrefix,
        String keyVariable,
        String baseUrlVariable,
        String defaultBaseUrl,
        List<String> barePrefixes,
        String modelsVariable,
        List<String> defaultModels,
        ChatQuirks quirks) {

    public ProviderRow {
        barePrefixes = List.copyOf(barePrefixes);
        defaultModels = List.copyOf(defaultModels);
        if (quirks == null) quirks = ChatQuirks.NONE;
    }

    /**
     * A row whose variables follow the common pattern {@code <PREFIX>_API_KEY}, {@code <PREFIX>_BASE_URL}
     * and {@code <PREFIX>_MODELS}, enabled by its key, with no bare names, no default models and no quirks.
     */
    public static ProviderRow of(String name, ApiSchema schema, AuthStyle auth, String variablePrefix, String defaultBaseUrl) {
        return new ProviderRow(name, schema, auth, new Enablement.ByKey(), variablePrefix, variablePrefix + "_API_KEY",
                variablePrefix + "_BASE_URL", defaultBaseUrl, List.of(), variablePrefix + "_MODELS", List.of(), ChatQuirks.NONE);
    }

    public ProviderRow barePrefixes(String... prefixes) {
        return new ProviderRow(name, schema, auth, enabledBy, variablePrefix, keyVariable, baseUrlVariable, defaultBaseUrl,
                List.of(prefixes), modelsVariable, defaultModels, quirks);
    }

    public ProviderRow defaultModels(String... models) {
        return new ProviderRow(name, schema, auth, enabledBy, variablePrefix, keyVariable, baseUrlVariable, defaultBaseUrl,
                barePrefixes, modelsVariable, List.of(models), quirks);
    }

    public ProviderRow quirks(ChatQuirks quirks) {
        return new ProviderRow(name, schema, auth, enabledBy, variablePrefix, keyVariable, baseUrlVariable, defaultBaseUrl,
                barePrefixes, modelsVariable, defaultModels, quirks);
    }

    public ProviderRow enabledBy(Enablement enabledBy) {
        return new ProviderRow(name, schema, auth, enabledBy, variablePrefix, keyVariable, baseUrlVariable, defaultBaseUrl,
                barePrefixes, modelsVariable, defaultModels, quirks);
    }

    public ProviderRow variables(String keyVariable, String baseUrlVariable, String modelsVariable) {
        return new ProviderRow(name, schema, auth, enabledBy, variablePrefix, keyVariable, baseUrlVariable, defaultBaseUrl,
                barePrefixes, modelsVariable, defaultModels, quirks);
    }

    /** Every variable this provider reads, for documentation and the deployment template's checks. */
    public List<String> variables() {
        List<String> names = new java.util.ArrayList<>();
        if (enabledBy instanceof Enablement.ByFlag flag) names.add(flag.variable());
        for (String v : new String[] {keyVariable, baseUrlVariable, modelsVariable}) if (v != null) names.add(v);
        names.addAll(schema.settings(variablePrefix));
        names.addAll(quirks.settings());
        return List.copyOf(names);
    }

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /** Whether {@code name} can name a provider: it becomes a model prefix and a metric label. */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The provider when {@code env} enables it, else null. */
    public Provider create(Env env, UpstreamHttp http) {
        if (!enabledBy.enabled(env, this)) return null;
        Endpoint endpoint = endpoint(env);
        if (endpoint.baseUrl() == null && schema != ApiSchema.BEDROCK_CONVERSE) {
            throw new IllegalArgumentException("Provider '" + name + "' is enabled but has no base URL: set " + baseUrlVariable + ".");
        }
        return schema.create(this, endpoint, env, http);
    }

    /** The name, the base URL (the variable, else the default) and the credential header. */
    public Endpoint endpoint(Env env) {
        String baseUrl = baseUrlVariable == null ? defaultBaseUrl : env.get(baseUrlVariable, defaultBaseUrl);
        return new Endpoint(name, baseUrl, auth.with(keyVariable == null ? null : env.get(keyVariable)));
    }

    /**
     * The models to advertise: the models variable (comma-separated) when set, else the defaults,
     * each under a name that routes here: as it is when a bare-name prefix of this provider matches
     * it, else as {@code <name>/<model>}.
     */
    public List<String> listedModels(Env env) {
        String value = modelsVariable == null ? null : env.get(modelsVariable);
        List<String> models = value == null ? defaultModels
                : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        String prefix = name + "/";
        return models.stream()
                .map(m -> m.startsWith(prefix) || barePrefixes.stream().anyMatch(m::startsWith) ? m : prefix + m)
                .toList();
    }
}
