package dev.llmgateway.core.providers.openai;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Where a provider's chat endpoint lives, given its base URL and the upstream model. */
public sealed interface ChatPath {
    /** {@code {base}/chat/completions}: OpenAI and nearly every compatible provider. */
    ChatPath STANDARD = new Suffix("/chat/completions");

    String url(String baseUrl, String model);

    /** A fixed path under the base URL. */
    record Suffix(String path) implements ChatPath {
        @Override
        public String url(String baseUrl, String model) {
            return baseUrl + path;
        }
    }

    /**
     * Azure OpenAI's deployment URL, {@code {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=...}:
     * the model names the deployment.
     */
    record AzureDeployment(String apiVersion) implements ChatPath {
        @Override
        public String url(String baseUrl, String model) {
            return baseUrl + "/openai/deployments/" + URLEncoder.encode(model, StandardCharsets.UTF_8)
                    + "/chat/completions?api-version=" + URLEncoder.encode(apiVersion, StandardCharsets.UTF_8);
        }
    }
}
