package dev.llmgateway.core.spi;

import dev.llmgateway.core.api.EmbeddingsRequest;

/** A provider that serves embeddings ({@code POST /v1/embeddings}), natively or by translation. */
public interface EmbeddingsApi {
    /** The vectors as OpenAI's embeddings list JSON, in the request's order and encoding, and the input tokens used. */
    Completion embed(EmbeddingsRequest request, String model);
}
