package dev.llmgateway.core.providers.anthropic;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.spi.Endpoint;
import dev.llmgateway.core.spi.Provider;
import java.util.List;

/**
 * The Anthropic Messages schema ({@code POST {base}/v1/messages}). Two settings are read per
 * provider, under its variable prefix: {@code <PREFIX>_DEFAULT_MAX_TOKENS} and
 * {@code <PREFIX>_NATIVE_STRUCTURED_OUTPUT} (for Anthropic itself {@code ANTHROPIC_...}).
 */
public final class AnthropicMessages {
    /** The Messages API requires max_tokens; every current model can produce at least this many. */
    static final int DEFAULT_MAX_TOKENS = 8192;

    private AnthropicMessages() {}

    public static Provider provider(Endpoint endpoint, Env env, String variablePrefix, UpstreamHttp http,
                                    List<String> models) {
        List<String> settings = settings(variablePrefix);
        Endpoint root = apiRoot(endpoint);
        AnthropicTranslator translator = new AnthropicTranslator(root, http.timeouts().request(),
                defaultMaxTokens(env, settings.get(0)), NativeStructuredOutput.of(env.get(settings.get(1))));
        return new AnthropicProvider(root, translator, http, models);
    }

    /** The schema's own settings: the default {@code max_tokens}, and which models get native structured output. */
    public static List<String> settings(String variablePrefix) {
        return List.of(variablePrefix + "_DEFAULT_MAX_TOKENS", variablePrefix + "_NATIVE_STRUCTURED_OUTPUT");
    }

    /** The API root without {@code /v1}; a copied {@code .../v1} is tolerated, since the SDKs' variable has none. */
    static Endpoint apiRoot(Endpoint endpoint) {
        String url = endpoint.baseUrl();
        return url.endsWith("/v1") ? new Endpoint(endpoint.name(), url.substring(0, url.length() - 3), endpoint.auth()) : endpoint;
    }

    static int defaultMaxTokens(Env env, String variable) {
        long value = env.number(variable, DEFAULT_MAX_TOKENS);
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(variable + " must be a positive whole number, not '" + value + "'");
        }
        return (int) value;
    }
}
