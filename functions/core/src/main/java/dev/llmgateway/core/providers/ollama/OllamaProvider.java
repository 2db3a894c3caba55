package dev.llmgateway.core.providers.ollama;

import dev.llmgateway.core.http.HttpProvider;
import dev.llmgateway.core.provider.ProviderSpec;
import java.util.List;

/** Ollama's native API ({@code /api/chat}); enabled by default in local mode. Models are named {@code ollama/<name>}. */
public final class OllamaProvider {
    public static final ProviderSpec SPEC = new ProviderSpec("ollama", "OLLAMA_ENABLED=true", List.of(),
            (env, http) -> {
                if (!env.flag("OLLAMA_ENABLED", env.localMode())) return null;
                String baseUrl = ProviderSpec.baseUrl(env, "OLLAMA_BASE_URL", "http://localhost:11434");
                return new HttpProvider("ollama", new OllamaTranslator(baseUrl, http.requestTimeout()), http,
                        new OllamaModels(http.client(), baseUrl));
            });

    private OllamaProvider() {}
}
