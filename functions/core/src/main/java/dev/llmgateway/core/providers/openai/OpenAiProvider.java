package dev.llmgateway.core.providers.openai;

import dev.llmgateway.core.http.HttpProvider;
import dev.llmgateway.core.provider.ProviderSpec;
import java.util.List;

/** OpenAI and any OpenAI-compatible upstream: near-passthrough. Enabled by {@code OPENAI_API_KEY}. */
public final class OpenAiProvider {
    static final List<String> DEFAULT_MODELS = List.of("gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "o3", "o4-mini");

    public static final ProviderSpec SPEC = new ProviderSpec("openai", "OPENAI_API_KEY",
            List.of("gpt-", "o1", "o3", "o4", "chatgpt-"),
            (env, http) -> {
                String key = env.get("OPENAI_API_KEY");
                if (key == null) return null;
                String baseUrl = ProviderSpec.baseUrl(env, "OPENAI_BASE_URL", "https://api.openai.com/v1");
                return new HttpProvider("openai", new OpenAiTranslator(baseUrl, key, http.requestTimeout()), http,
                        ProviderSpec.models(env, "OPENAI_MODELS", DEFAULT_MODELS));
            });

    private OpenAiProvider() {}
}
