package dev.llmgateway.core.providers;

import static dev.llmgateway.core.providers.ApiSchema.ANTHROPIC_MESSAGES;
import static dev.llmgateway.core.providers.ApiSchema.BEDROCK_CONVERSE;
import static dev.llmgateway.core.providers.ApiSchema.GEMINI;
import static dev.llmgateway.core.providers.ApiSchema.OLLAMA;
import static dev.llmgateway.core.providers.ApiSchema.OPENAI_CHAT;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.providers.openai.ChatPath;
import dev.llmgateway.core.providers.openai.ChatQuirks;
import dev.llmgateway.core.spi.Provider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The provider catalogue: one row per provider. A provider that speaks a schema the gateway
 * already translates is one row here, with no code of its own; an OpenAI-compatible server can
 * also be declared by configuration alone.
 */
public final class Catalogue {
    public static final ProviderRow OPENAI = ProviderRow.of("openai", OPENAI_CHAT, AuthStyle.BEARER, "OPENAI",
                    "https://api.openai.com/v1")
            .barePrefixes("gpt-", "o1", "o3", "o4", "chatgpt-", "text-embedding-")
            .defaultModels("gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "o3", "o4-mini")
            .quirks(ChatQuirks.NONE.withResponses());

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

    // ---- OpenAI-compatible providers: one row each, quirks as data (see docs/providers/) ----

    /**
     * Azure OpenAI: the {@code api-key} header. {@code AZURE_BASE_URL} is {@code https://<resource>.openai.azure.com/openai/v1}
     * for the v1 API; with {@code AZURE_API_VERSION} set it is the resource endpoint and calls go to
     * the deployment URL with that {@code api-version}. {@code azure/<deployment>} names a deployment.
     */
    public static final ProviderRow AZURE = ProviderRow.of("azure", OPENAI_CHAT, AuthStyle.API_KEY, "AZURE", null)
            .quirks(ChatQuirks.NONE.withPath(new ChatPath.AzureByApiVersion("AZURE_API_VERSION")).withResponses());

    /** Mistral knows {@code max_tokens} and {@code random_seed}, and has no {@code stream_options} (usage comes in the last chunk). */
    public static final ProviderRow MISTRAL = ProviderRow.of("mistral", OPENAI_CHAT, AuthStyle.BEARER, "MISTRAL",
                    "https://api.mistral.ai/v1")
            .barePrefixes("mistral-", "magistral-", "ministral-", "codestral-", "devstral-", "pixtral-")
            .defaultModels("mistral-large-latest", "mistral-medium-latest", "mistral-small-latest", "codestral-latest")
            .quirks(ChatQuirks.NONE.withoutStreamUsage().renaming("max_completion_tokens", "max_tokens")
                    .renaming("seed", "random_seed").rejecting("logit_bias", "logprobs", "top_logprobs"));

    /** Groq answers 400 to {@code logprobs}, {@code logit_bias}, {@code top_logprobs}, {@code messages[].name} and {@code n > 1}. */
    public static final ProviderRow GROQ = ProviderRow.of("groq", OPENAI_CHAT, AuthStyle.BEARER, "GROQ",
                    "https://api.groq.com/openai/v1")
            .defaultModels("llama-3.3-70b-versatile", "llama-3.1-8b-instant", "openai/gpt-oss-120b")
            .quirks(ChatQuirks.NONE.rejecting("logprobs", "logit_bias", "top_logprobs", "messages[].name").withSingleChoice());

    /** DeepSeek streams {@code reasoning_content} deltas (passed on as sent) and knows {@code max_tokens}. */
    public static final ProviderRow DEEPSEEK = ProviderRow.of("deepseek", OPENAI_CHAT, AuthStyle.BEARER, "DEEPSEEK",
                    "https://api.deepseek.com")
            .barePrefixes("deepseek-")
            .defaultModels("deepseek-chat", "deepseek-reasoner")
            .quirks(ChatQuirks.NONE.renaming("max_completion_tokens", "max_tokens"));

    /** Together reports usage in a stream's last chunk unasked. */
    public static final ProviderRow TOGETHER = ProviderRow.of("together", OPENAI_CHAT, AuthStyle.BEARER, "TOGETHER",
                    "https://api.together.xyz/v1")
            .defaultModels("meta-llama/Llama-3.3-70B-Instruct-Turbo", "deepseek-ai/DeepSeek-V3", "Qwen/Qwen2.5-72B-Instruct-Turbo")
            .quirks(ChatQuirks.NONE.withoutStreamUsage());

    /** Fireworks names models by resource ({@code accounts/fireworks/models/...}) and reports stream usage in the last chunk. */
    public static final ProviderRow FIREWORKS = ProviderRow.of("fireworks", OPENAI_CHAT, AuthStyle.BEARER, "FIREWORKS",
                    "https://api.fireworks.ai/inference/v1")
            .defaultModels("accounts/fireworks/models/llama-v3p3-70b-instruct", "accounts/fireworks/models/deepseek-v3")
            .quirks(ChatQuirks.NONE.withoutStreamUsage());

    /** OpenRouter's models are {@code vendor/model}, so its names read {@code openrouter/vendor/model}; SSE comments are skipped. */
    public static final ProviderRow OPENROUTER = ProviderRow.of("openrouter", OPENAI_CHAT, AuthStyle.BEARER, "OPENROUTER",
                    "https://openrouter.ai/api/v1")
            .defaultModels("openai/gpt-4o-mini", "anthropic/claude-sonnet-4", "google/gemini-2.5-flash");

    /** xAI: Grok models; {@code reasoning_content} deltas are passed on as sent. */
    public static final ProviderRow XAI = ProviderRow.of("xai", OPENAI_CHAT, AuthStyle.BEARER, "XAI", "https://api.x.ai/v1")
            .barePrefixes("grok-")
            .defaultModels("grok-4", "grok-3-mini");

    /** Cerebras answers 400 to the penalties, {@code logit_bias}, {@code parallel_tool_calls} and {@code service_tier}. */
    public static final ProviderRow CEREBRAS = ProviderRow.of("cerebras", OPENAI_CHAT, AuthStyle.BEARER, "CEREBRAS",
                    "https://api.cerebras.ai/v1")
            .defaultModels("llama-3.3-70b", "llama3.1-8b", "gpt-oss-120b")
            .quirks(ChatQuirks.NONE.rejecting("frequency_penalty", "presence_penalty", "logit_bias", "parallel_tool_calls",
                    "service_tier"));

    /** Perplexity's Sonar: answers carry {@code citations} and {@code search_results}, passed on as sent; usage comes unasked. */
    public static final ProviderRow PERPLEXITY = ProviderRow.of("perplexity", OPENAI_CHAT, AuthStyle.BEARER, "PERPLEXITY",
                    "https://api.perplexity.ai")
            .barePrefixes("sonar")
            .defaultModels("sonar", "sonar-pro", "sonar-reasoning-pro")
            .quirks(ChatQuirks.NONE.withoutStreamUsage());

    /** In the order bare names are matched and {@code GET /v1/models} lists providers. */
    public static final List<ProviderRow> ALL = List.of(OPENAI, ANTHROPIC, GEMINI_API, BEDROCK, OLLAMA_NATIVE,
            AZURE, MISTRAL, GROQ, DEEPSEEK, TOGETHER, FIREWORKS, OPENROUTER, XAI, CEREBRAS, PERPLEXITY);

    /** Lists the names of OpenAI-compatible servers declared by configuration alone (see {@link #openAiCompatible}). */
    public static final String DECLARED_SERVERS_VARIABLE = "OPENAI_COMPATIBLE";

    private Catalogue() {}

    /** The names of the catalogue's providers, in catalogue order. */
    public static List<String> names() {
        return ALL.stream().map(ProviderRow::name).toList();
    }

    /**
     * Builds every provider of the catalogue that the environment enables, and those it declares
     * in {@value #DECLARED_SERVERS_VARIABLE}, and the resolver over them.
     */
    public static ModelResolver fromEnv(Env env, UpstreamHttp http) {
        return fromEnv(env, http, List.of());
    }

    /** As {@link #fromEnv(Env, UpstreamHttp)}, with servers declared elsewhere (the configuration file) too. */
    public static ModelResolver fromEnv(Env env, UpstreamHttp http, List<ProviderRow> declaredElsewhere) {
        Map<String, ProviderRow> rows = new LinkedHashMap<>();
        for (ProviderRow row : ALL) rows.put(row.name(), row);
        for (ProviderRow row : declaredElsewhere) rows.put(row.name(), row);
        for (ProviderRow row : declared(env)) rows.putIfAbsent(row.name(), row); // declared in both: one server
        return resolver(List.copyOf(rows.values()), env, http);
    }

    /**
     * The OpenAI-compatible servers (vLLM, LM Studio, llama.cpp, LocalAI, a company proxy) named in
     * {@value #DECLARED_SERVERS_VARIABLE}, e.g. {@code vllm,lmstudio}: each is {@code <NAME>_BASE_URL}
     * (required), {@code <NAME>_API_KEY} (optional: sent as a bearer token) and {@code <NAME>_MODELS},
     * and its name is its model prefix.
     */
    static List<ProviderRow> declared(Env env) {
        String names = env.get(DECLARED_SERVERS_VARIABLE);
        if (names == null) return List.of();
        List<ProviderRow> rows = new ArrayList<>();
        for (String name : names.split(",")) {
            if (name.isBlank()) continue;
            rows.add(openAiCompatible(name.trim(), DECLARED_SERVERS_VARIABLE));
        }
        return rows;
    }

    /**
     * A row for an OpenAI-compatible server known only from configuration: enabled by being
     * declared, its key optional. {@code source} names where it was declared, for errors.
     */
    public static ProviderRow openAiCompatible(String name, String source) {
        if (!ProviderRow.validName(name)) {
            throw new IllegalArgumentException(source + ": '" + name + "' is not a valid provider name (lower-case letters, "
                    + "digits and '-', starting with a letter or digit)");
        }
        if (names().contains(name)) {
            throw new IllegalArgumentException(source + ": '" + name + "' is already a provider of the catalogue");
        }
        String prefix = name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        return ProviderRow.of(name, OPENAI_CHAT, AuthStyle.BEARER, prefix, null).enabledBy(new Enablement.Declared());
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
