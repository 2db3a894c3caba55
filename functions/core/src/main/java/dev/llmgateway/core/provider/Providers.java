package dev.llmgateway.core.provider;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.providers.anthropic.AnthropicProvider;
import dev.llmgateway.core.providers.bedrock.BedrockProvider;
import dev.llmgateway.core.providers.gemini.GeminiProvider;
import dev.llmgateway.core.providers.ollama.OllamaProvider;
import dev.llmgateway.core.providers.openai.OpenAiProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The provider catalogue: adding a provider is one folder under {@code providers/} and one line here. */
public final class Providers {
    public static final List<ProviderSpec> ALL = List.of(
            OpenAiProvider.SPEC,
            AnthropicProvider.SPEC,
            GeminiProvider.SPEC,
            BedrockProvider.SPEC,
            OllamaProvider.SPEC);

    private Providers() {}

    /** Builds every provider the environment enables, and the resolver over them. */
    public static ModelResolver fromEnv(Env env, UpstreamHttp http) {
        Map<String, Provider> enabled = new LinkedHashMap<>();
        for (ProviderSpec spec : ALL) {
            Provider provider = spec.create().apply(env, http);
            if (provider != null) enabled.put(spec.name(), provider);
        }
        return new ModelResolver(ALL, enabled);
    }
}
