package dev.llmgateway.core.spi;

import dev.llmgateway.core.api.ChatRequest;
import java.io.IOException;
import java.util.List;

/**
 * One upstream API behind the OpenAI schema. Implementations are stateless and shared by all
 * requests; per-stream state lives in objects created per call.
 */
public interface Provider {
    /** The provider's name, as used in {@code provider/model} and in metrics. */
    String name();

    /** A buffered completion, returned as OpenAI {@code chat.completion} JSON. */
    Completion complete(ChatRequest request, String model);

    /**
     * Streams OpenAI chunks into {@code sink} as the upstream produces them. Throws
     * {@link dev.llmgateway.core.api.GatewayError} for upstream failures (before or after the first
     * chunk) and {@link IOException} when the client went away, after cancelling the upstream call.
     */
    StreamResult stream(ChatRequest request, String model, ChunkSink sink) throws IOException;

    /** Models this provider is known to serve, for {@code GET /v1/models}; may be empty. */
    List<String> models();
}
