package dev.llmgateway.core.providers.anthropic;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.HttpProvider;
import dev.llmgateway.core.provider.ProviderSpec;
import java.util.List;

/**
 * Anthropic's Messages API ({@code POST {base}/v1/messages}). Enabled by {@code ANTHROPIC_API_KEY};
 * bare {@code claude-*} names and {@code anthropic/<model>} route here.
 */
public final class AnthropicProvider {
    static final String NAME = "anthropic";
    static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    /** Anthropic requires max_tokens; every current model can produce at least this many. */
    static final int DEFAULT_MAX_TOKENS = 8192;
    static final List<String> DEFAULT_MODELS = List.of(
            "claude-opus-5", "claude-sonnet-5", "claude-opus-4-8", "claude-sonnet-4-6", "claude-haiku-4-5");

    public static final ProviderSpec SPEC = new ProviderSpec(NAME, "ANTHROPIC_API_KEY", List.of("claude-"),
            (env, http) -> {
                String key = env.get("ANTHROPIC_API_KEY");
                if (key == null) return null;
                AnthropicTranslator translator = new AnthropicTranslator(baseUrl(env), key, http.requestTimeout(),
                        defaultMaxTokens(env), NativeStructuredOutput.fromEnv(env));
                return new HttpProvider(NAME, translator, http, ProviderSpec.models(env, "ANTHROPIC_MODELS", DEFAULT_MODELS));
            });

    private AnthropicProvider() {}

    /** The API root without {@code /v1}; a copied {@code .../v1} is tolerated, since the SDKs' variable has none. */
    static String baseUrl(Env env) {
        String url = ProviderSpec.baseUrl(env, "ANTHROPIC_BASE_URL", DEFAULT_BASE_URL);
        return url.endsWith("/v1") ? url.substring(0, url.length() - 3) : url;
    }

    static int defaultMaxTokens(Env env) {
        long value = env.number("ANTHROPIC_DEFAULT_MAX_TOKENS", DEFAULT_MAX_TOKENS);
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ANTHROPIC_DEFAULT_MAX_TOKENS must be a positive whole number, not '" + value + "'");
        }
        return (int) value;
    }
}
