package dev.llmgateway.core.providers.ollama;

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

/** Ollama: chat through {@link OllamaTranslator}, embeddings through {@code /api/embed} ({@link OllamaEmbeddings}). */
final class OllamaProvider extends HttpProvider implements EmbeddingsApi {
    private final Endpoint endpoint;
    private final Duration timeout;

    OllamaProvider(Endpoint endpoint, UpstreamHttp http) {
        super(endpoint.name(), new OllamaTranslator(endpoint, http.timeouts().request()), http,
                new OllamaModels(http.client(), endpoint.name(), endpoint.baseUrl()));
        this.endpoint = endpoint;
        this.timeout = http.timeouts().request();
    }

    @Override
    public Completion embed(EmbeddingsRequest request, String model) {
        List<String> texts = TextBatches.texts(request, endpoint.name(), "Ollama");
        // Ollama has no per-call limit of its own: the request's (at most 2048 inputs) is one call.
        return TextBatches.embed(request, texts, EmbeddingsRequest.MAX_INPUTS, endpoint.name(), batch -> exchange(
                endpoint.auth().apply(JsonRequests.post(endpoint.baseUrl() + "/api/embed",
                        OllamaEmbeddings.body(batch, request.dimensions(), model), timeout, false)).build(),
                answer -> OllamaEmbeddings.response(answer, endpoint.name())));
    }
}
