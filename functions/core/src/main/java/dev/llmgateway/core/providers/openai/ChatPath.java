package dev.llmgateway.core.providers.openai;

import dev.llmgateway.core.config.Env;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Where a provider's chat endpoint lives, given its base URL and the upstream model. */
public sealed interface ChatPath {
    /** {@code {base}/chat/completions}: OpenAI and nearly every compatible provider. */
    ChatPath STANDARD = new Suffix("/chat/completions");

    String url(String baseUrl, String model);

    /** The Responses API at {@code {base}/responses{suffix}}, with the client's query (null for none). */
    default String responsesUrl(String baseUrl, String suffix, String query) {
        return baseUrl + "/responses" + suffix + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    /** The path once the settings it depends on are known; most paths depend on none. */
    default ChatPath resolve(Env env) {
        return this;
    }

    /** A fixed path under the base URL. */
    record Suffix(String path) implements ChatPath {
        @Override
        public String url(String baseUrl, String model) {
            return baseUrl + path;
        }
    }

    /**
     * Azure OpenAI's deployment URL, {@code {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=...}:
     * the model names the deployment. The base URL is the resource endpoint.
     */
    record AzureDeployment(String apiVersion) implements ChatPath {
        @Override
        public String url(String baseUrl, String model) {
            return baseUrl + "/openai/deployments/" + URLEncoder.encode(model, StandardCharsets.UTF_8)
                    + "/chat/completions?api-version=" + URLEncoder.encode(apiVersion, StandardCharsets.UTF_8);
        }

        /** Azure's Responses API outside the v1 API: {@code {endpoint}/openai/responses{suffix}?api-version=...}. */
        @Override
        public String responsesUrl(String baseUrl, String suffix, String query) {
            return baseUrl + "/openai/responses" + suffix + "?api-version=" + URLEncoder.encode(apiVersion, StandardCharsets.UTF_8)
                    + (query == null || query.isEmpty() ? "" : "&" + query);
        }
    }

    /**
     * Azure: the deployment URL when {@code variable} (the API version) is set, else the v1 API,
     * whose base URL is {@code {endpoint}/openai/v1} and whose path is the standard one.
     */
    record AzureByApiVersion(String variable) implements ChatPath {
        @Override
        public String url(String baseUrl, String model) {
            return STANDARD.url(baseUrl, model);
        }

        @Override
        public ChatPath resolve(Env env) {
            String version = env.get(variable);
            return version == null ? STANDARD : new AzureDeployment(version);
        }
    }
}
