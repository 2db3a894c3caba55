package dev.llmgateway.core.providers.openai;

import dev.llmgateway.core.api.EmbeddingsRequest;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.http.BufferedCall;
import dev.llmgateway.core.http.HttpProvider;
import dev.llmgateway.core.http.JsonRequests;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.EmbeddingsApi;
import dev.llmgateway.core.spi.Endpoint;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

/**
 * An OpenAI-schema provider: chat through {@link OpenAiTranslator}, and embeddings passed through
 * to {@code {base}/embeddings} on the same transport, with only {@code model} rewritten (the
 * client's {@code encoding_format} reaches the upstream as sent, so base64 stays the upstream's own).
 */
final class OpenAiProvider extends HttpProvider implements EmbeddingsApi {
    private final Endpoint endpoint;
    private final Duration timeout;

    OpenAiProvider(Endpoint endpoint, OpenAiTranslator translator, UpstreamHttp http, List<String> models) {
        super(endpoint.name(), translator, http, models);
        this.endpoint = endpoint;
        this.timeout = http.timeouts().request();
    }

    @Override
    public Completion embed(EmbeddingsRequest request, String model) {
        HttpRequest upstream = endpoint.auth().apply(JsonRequests.post(endpoint.baseUrl() + "/embeddings",
                request.bodyFor(model), timeout, false)).build();
        return complete(new BufferedCall(upstream,
                body -> new Completion(body, Usage.fromOpenAi(Json.tree(body, endpoint.name()).get("usage")))));
    }
}
