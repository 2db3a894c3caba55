package dev.llmgateway.core.embeddings;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.EmbeddingsRequest.Encoding;
import dev.llmgateway.core.json.Json;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

/**
 * OpenAI's embeddings answer, {@code {object:"list", data:[{object:"embedding", index, embedding}], model, usage}},
 * built from a translated backend's vectors. Each vector is float32, as OpenAI's are: as JSON
 * numbers, or base64 of its little-endian bytes (what the OpenAI SDKs ask for and decode).
 */
public final class EmbeddingsList {
    private EmbeddingsList() {}

    public static byte[] of(String model, List<float[]> vectors, Encoding encoding, int promptTokens) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (int i = 0; i < vectors.size(); i++) {
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            if (encoding == Encoding.BASE64) {
                item.put("embedding", base64(vectors.get(i)));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float v : vectors.get(i)) values.add(v);
            }
        }
        root.put("model", model);
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("total_tokens", promptTokens);
        return Json.bytes(root);
    }

    static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) bytes.putFloat(v);
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
