package dev.llmgateway.core.providers.gemini;

import dev.llmgateway.core.http.HttpProvider;
import dev.llmgateway.core.provider.ProviderSpec;
import java.util.List;

/**
 * The Gemini API ({@code generateContent}). Enabled by {@code GEMINI_API_KEY}; models are named
 * {@code gemini/<model>} or by their bare {@code gemini-} names.
 */
public final class GeminiProvider {
    static final List<String> DEFAULT_MODELS = List.of(
            "gemini-3.6-flash", "gemini-3.5-flash", "gemini-3.5-flash-lite", "gemini-3.1-pro-preview",
            "gemini-2.5-pro", "gemini-2.5-flash");

    public static final ProviderSpec SPEC = new ProviderSpec("gemini", "GEMINI_API_KEY", List.of("gemini-"),
            (env, http) -> {
                String key = env.get("GEMINI_API_KEY");
                if (key == null) return null;
                String baseUrl = ProviderSpec.baseUrl(env, "GEMINI_BASE_URL", "https://generativelanguage.googleapis.com");
                return new HttpProvider("gemini", new GeminiTranslator(baseUrl, key, http.requestTimeout()), http,
                        ProviderSpec.models(env, "GEMINI_MODELS", DEFAULT_MODELS));
            });

    private GeminiProvider() {}
}
