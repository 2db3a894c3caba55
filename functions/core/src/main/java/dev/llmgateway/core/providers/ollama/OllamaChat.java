package dev.llmgateway.core.providers.ollama;

import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.spi.Endpoint;
import dev.llmgateway.core.spi.Provider;

/** Ollama's native chat schema ({@code /api/chat}); the models listed are those installed in the server. */
public final class OllamaChat {
    private OllamaChat() {}

    public static Provider provider(Endpoint endpoint, UpstreamHttp http) {
        return new OllamaProvider(endpoint, http);
    }
}
