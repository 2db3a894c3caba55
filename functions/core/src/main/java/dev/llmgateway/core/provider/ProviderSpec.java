package dev.llmgateway.core.provider;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.UpstreamHttp;
import java.util.List;
import java.util.function.BiFunction;

/**
 * How a provider is named, enabled and built. {@code create} returns null when the provider's
 * variables do not enable it; {@code enabledBy} is what the 404 for its models tells the user to set.
 */
public record ProviderSpec(
        String name,
        String enabledBy,
        List<String> barePrefixes,
        BiFunction<Env, UpstreamHttp, Provider> create) {

    /** The models a provider advertises: {@code variable} (comma-separated) when set, else the defaults. */
    public static List<String> models(Env env, String variable, List<String> defaults) {
        String value = env.get(variable);
        if (value == null) return defaults;
        return java.util.Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** A base URL without its trailing slash, so paths can be appended. */
    public static String baseUrl(Env env, String variable, String fallback) {
        String url = env.get(variable, fallback);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
