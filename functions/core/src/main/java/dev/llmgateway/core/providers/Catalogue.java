package dev.llmgateway.core.providers;

import static dev.llmgateway.core.providers.ApiSchema.ANTHROPIC_MESSAGES;
import static dev.llmgateway.core.providers.ApiSchema.BEDROCK_CONVERSE;
import static dev.llmgateway.core.providers.ApiSchema.GEMINI;
import static dev.llmgateway.core.providers.ApiSchema.OLLAMA;
import static dev.llmgateway.core.providers.ApiSchema.OPENAI_CHAT;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.spi.Provider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The provider catalogue: one row per provider. A provider that speaks a schema the gateway
 * already translates is one row here, with no code of its own.
 */
public final class Catalogue {
    public static final ProviderRow OPENAI = ProviderRow.of("openai", OPENAI_CHAT, AuthStyle.BEARER, "OPENAI",
                    "https://api.openai.com/v1")
            .barePrefixes("gpt-", "o1", "o3", "o4", "chatgpt-")
            .defaultModels("gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "o3", "o4-mini");

    public static final ProviderRow ANTHROPIC = ProviderRow.of("anthropic", ANTHROPIC_MESSAGES, AuthStyle.X_API_KEY,
                    "ANTHROPIC", "https://api.anthropic.com")
            .barePrefixes("claude-")
            .defaultModels("claude-opus-5", "claude-sonnet-5", "claude-opus-4-8", "claude-sonnet-4-6", "claude-haiku-4-5");

    public static final ProviderRow GEMINI_API = ProviderRow.of("gemini", GEMINI, AuthStyle.X_GOOG_API_KEY, "GEMINI",
                    "https://generativelanguage.googleapis.com")
            .barePrefixes("gemini-")
            .defaultModels("gemini-3.6-flash", "gemini-3.5-flash", "gemini-3.5-flash-lite", "gemini-3.1-pro-preview",
                    "gemini-2.5-pro", "gemini-2.5-flash");

    public static final ProviderRow BEDROCK = ProviderRow.of("bedrock", BEDROCK_CONVERSE, AuthStyle.SIGV4, "BEDROCK", null)
            .enabledBy(new Enablement.ByFlag("BEDROCK_ENABLED", false))
            .variables(null, "AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "BEDROCK_MODELS")
            .defaultModels("anthropic.claude-3-5-sonnet-20240620-v1:0", "amazon.nova-pro-v1:0", "amazon.nova-lite-v1:0",
                    "amazon.nova-micro-v1:0");

    /** Keyless, and on by default in local mode; its model list is what the server has installed. */
    public static final ProviderRow OLLAMA_NATIVE = ProviderRow.of("ollama", OLLAMA, AuthStyle.BEARER, "OLLAMA",
                    "http://localhost:11434")
            .enabledBy(new Enablement.ByFlag("OLLAMA_ENABLED", true))
            .variables(null, "OLLAMA_BASE_URL", null);

    /** In the order bare names are matched and {@code GET /v1/models} lists providers. */
    public static final List<ProviderRow> ALL = List.of(OPENAI, ANTHROPIC, GEMINI_API, BEDROCK, OLLAMA_NATIVE);

    private Catalogue() {}

    /** The names of the catalogue's providers, in catalogue order. */
    public static List<String> names() {
        return ALL.stream().map(ProviderRow::name).toList();
    }

    /** Builds every provider of the catalogue that the environment enables, and the resolver over them. */
    public static ModelResolver fromEnv(Env env, UpstreamHttp http) {
        return resolver(ALL, env, http);
    }

    /** The resolver over {@code rows}, each built if {@code env} enables it. */
    public static ModelResolver resolver(List<ProviderRow> rows, Env env, UpstreamHttp http) {
        Map<String, Provider> enabled = new LinkedHashMap<>();
        for (ProviderRow row : rows) {
            Provider provider = row.create(env, http);
            if (provider != null) enabled.put(row.name(), provider);
        }
        return new ModelResolver(rows, enabled);
    }
}
