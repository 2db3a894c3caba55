package dev.llmgateway.core.providers.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.EmbeddingsRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.TokenCount;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.embeddings.EmbeddingsList;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.Completion;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI embeddings to Ollama's {@code /api/embed} ({@code {model, input, dimensions}}) and its
 * {@code {embeddings, prompt_eval_count}} back to OpenAI's list, in the request's order and encoding.
 * Ollama embeds texts only, so token-array input is refused by name.
 */
final class OllamaEmbeddings {
    private OllamaEmbeddings() {}

    static byte[] body(EmbeddingsRequest request, String model, String provider) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", model);
        ArrayNode input = body.putArray("input");
        for (EmbeddingsRequest.Input item : request.inputs()) {
            if (!(item instanceof EmbeddingsRequest.Input.Text text)) {
                throw GatewayError.unsupported(provider, "input", "Ollama embeds text only, not token arrays");
            }
            input.add(text.text());
        }
        if (request.dimensions() != null) body.put("dimensions", request.dimensions());
        return Json.bytes(body);
    }

    static Completion response(byte[] answer, EmbeddingsRequest request, String provider) {
        JsonNode root = Json.tree(answer, provider);
        JsonNode embeddings = root.path("embeddings");
        if (!embeddings.isArray() || embeddings.size() != request.inputs().size()) {
            throw GatewayError.upstreamUnavailable(provider, "returned " + (embeddings.isArray() ? embeddings.size() : "no")
                    + " embeddings for " + request.inputs().size() + " inputs", null);
        }
        List<float[]> vectors = new ArrayList<>(embeddings.size());
        for (JsonNode embedding : embeddings) vectors.add(vector(embedding, provider));
        int prompt = TokenCount.read(root.get("prompt_eval_count"));
        return new Completion(EmbeddingsList.of(request.model(), vectors, request.encoding(), Math.max(0, prompt)),
                Usage.of(prompt, 0));
    }

    private static float[] vector(JsonNode embedding, String provider) {
        if (!embedding.isArray()) throw GatewayError.upstreamUnavailable(provider, "returned an embedding that is not an array", null);
        float[] vector = new float[embedding.size()];
        for (int i = 0; i < vector.length; i++) {
            JsonNode value = embedding.get(i);
            if (!value.isNumber()) throw GatewayError.upstreamUnavailable(provider, "returned an embedding value that is not a number", null);
            vector[i] = value.floatValue();
        }
        return vector;
    }
}
