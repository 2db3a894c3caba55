package dev.llmgateway.core.providers.gemini;

import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.spi.Endpoint;
import dev.llmgateway.core.spi.Provider;
import java.util.List;

/**
 * The Gemini API schema ({@code generateContent}, {@code streamGenerateContent},
 * {@code batchEmbedContents}); the key travels in the endpoint's {@code x-goog-api-key} header,
 * never in the URL (URLs end up in logs).
 */
public final class GeminiApi {
    private GeminiApi() {}

    public static Provider provider(Endpoint endpoint, UpstreamHttp http, List<String> models) {
        return new GeminiProvider(endpoint, http, models);
    }
}
