package dev.llmgateway.core.providers.gemini;

import dev.llmgateway.core.api.EmbeddingsRequest;
import dev.llmgateway.core.embeddings.TextBatches;
import dev.llmgateway.core.http.HttpProvider;
import dev.llmgateway.core.http.JsonRequests;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.EmbeddingsApi;
import dev.llmgateway.core.spi.Endpoint;
import java.time.Duration;
import java.util.List;

/** Gemini: chat through {@link GeminiTranslator}, embeddings through {@code batchEmbedContents} ({@link GeminiEmbeddings}). */
final class GeminiProvider extends HttpProvider implements EmbeddingsApi {
    private final Endpoint endpoint;
    private final Duration timeout;

    GeminiProvider(Endpoint endpoint, UpstreamHttp http, List<String> models) {
        super(endpoint.name(), new GeminiTranslator(endpoint, http.timeouts().request()), http, models);
        this.endpoint = endpoint;
        this.timeout = http.timeouts().request();
    }

    @Override
    public Completion embed(EmbeddingsRequest request, String model) {
        GeminiModel gemini = GeminiModel.of(model, endpoint.name());
        List<String> texts = TextBatches.texts(request, endpoint.name(), "Gemini");
        String url = endpoint.baseUrl() + "/v1beta/" + gemini.resource() + ":batchEmbedContents";
        return TextBatches.embed(request, texts, GeminiEmbeddings.PER_CALL, endpoint.name(), batch -> exchange(
                endpoint.auth().apply(JsonRequests.post(url, GeminiEmbeddings.body(batch, request.dimensions(), gemini), timeout, false)).build(),
                answer -> GeminiEmbeddings.response(answer, endpoint.name())));
    }
}
