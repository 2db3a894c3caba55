package dev.llmgateway.core.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.embeddings.TextBatches;
import dev.llmgateway.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI embeddings to Gemini's {@code batchEmbedContents}: one {@code EmbedContentRequest} per
 * text, {@code {model:"models/<m>", content:{parts:[{text}]}, outputDimensionality}}, and its
 * {@code {embeddings:[{values}]}} back, in order. Gemini reports no tokens for this call, so
 * {@link TextBatches} counts them.
 */
final class GeminiEmbeddings {
    /** Gemini's limit on the requests of one {@code batchEmbedContents} call. */
    static final int PER_CALL = 100;

    private GeminiEmbeddings() {}

    static byte[] body(List<String> texts, Integer dimensions, GeminiModel model) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        var requests = body.putArray("requests");
        for (String text : texts) {
            ObjectNode request = requests.addObject();
            request.put("model", model.resource());
            request.putObject("content").putArray("parts").addObject().put("text", text);
            if (dimensions != null) request.put("outputDimensionality", dimensions);
        }
        return Json.bytes(body);
    }

    static TextBatches.Batch response(byte[] answer, String provider) {
        JsonNode embeddings = Json.tree(answer, provider).path("embeddings");
        List<float[]> vectors = new ArrayList<>(embeddings.size());
        if (embeddings.isArray()) for (JsonNode embedding : embeddings) vectors.add(TextBatches.vector(embedding.get("values"), provider));
        return new TextBatches.Batch(vectors, null);
    }
}
