package dev.llmgateway.core.providers.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.TokenCount;
import dev.llmgateway.core.embeddings.TextBatches;
import dev.llmgateway.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI embeddings to Ollama's {@code /api/embed} ({@code {model, input, dimensions}}) and its
 * {@code {embeddings, prompt_eval_count}} back, one batch of {@link TextBatches}. Ollama embeds
 * texts only, so token-array input is refused by name.
 */
final class OllamaEmbeddings {
    private OllamaEmbeddings() {}

    static byte[] body(List<String> texts, Integer dimensions, String model) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", model);
        texts.forEach(body.putArray("input")::add);
        if (dimensions != null) body.put("dimensions", dimensions);
        return Json.bytes(body);
    }

    static TextBatches.Batch response(byte[] answer, String provider) {
        JsonNode root = Json.tree(answer, provider);
        JsonNode embeddings = root.path("embeddings");
        List<float[]> vectors = new ArrayList<>(embeddings.size());
        if (embeddings.isArray()) for (JsonNode embedding : embeddings) vectors.add(TextBatches.vector(embedding, provider));
        return new TextBatches.Batch(vectors, TokenCount.read(root.get("prompt_eval_count")));
    }
}
