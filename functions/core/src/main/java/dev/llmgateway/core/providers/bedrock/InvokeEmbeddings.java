package dev.llmgateway.core.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.TokenCount;
import dev.llmgateway.core.embeddings.TextBatches;
import dev.llmgateway.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The InvokeModel bodies of Bedrock's embedding families, from AWS's model parameter reference:
 * how many texts one call takes, the request body, and the vectors and tokens of the answer.
 * {@code headerTokens} is Bedrock's {@code X-Amzn-Bedrock-Input-Token-Count} response header
 * (null when absent).
 */
enum InvokeEmbeddings {
    /** Amazon Titan Text Embeddings v2: {@code {inputText, dimensions, normalize}}, one text per call. */
    TITAN_TEXT_V2(1) {
        @Override
        byte[] body(List<String> texts, Integer dimensions, String provider) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("inputText", texts.getFirst());
            if (dimensions != null) body.put("dimensions", dimensions); // Titan takes 256, 512 or 1024; it says so itself
            body.put("normalize", true);
            return Json.bytes(body);
        }

        @Override
        TextBatches.Batch answer(byte[] answer, Integer headerTokens, String provider) {
            JsonNode root = Json.tree(answer, provider);
            Integer tokens = root.has("inputTextTokenCount") ? TokenCount.read(root.get("inputTextTokenCount")) : headerTokens;
            return new TextBatches.Batch(List.of(TextBatches.vector(root.get("embedding"), provider)), tokens);
        }
    },
    /** Cohere Embed v3: {@code {texts, input_type}}, at most 96 texts per call; no output dimensions. */
    COHERE_EMBED(96) {
        @Override
        byte[] body(List<String> texts, Integer dimensions, String provider) {
            if (dimensions != null) {
                throw GatewayError.unsupported(provider, "dimensions", "Cohere Embed v3 has a fixed number of dimensions");
            }
            ObjectNode body = Json.MAPPER.createObjectNode();
            texts.forEach(body.putArray("texts")::add);
            body.put("input_type", "search_document"); // OpenAI's API has no input type; documents is the stored-side choice
            return Json.bytes(body);
        }

        @Override
        TextBatches.Batch answer(byte[] answer, Integer headerTokens, String provider) {
            JsonNode embeddings = Json.tree(answer, provider).path("embeddings");
            List<float[]> vectors = new ArrayList<>(embeddings.size());
            if (embeddings.isArray()) for (JsonNode embedding : embeddings) vectors.add(TextBatches.vector(embedding, provider));
            return new TextBatches.Batch(vectors, headerTokens);
        }
    };

    private final int perCall;

    InvokeEmbeddings(int perCall) {
        this.perCall = perCall;
    }

    int perCall() {
        return perCall;
    }

    abstract byte[] body(List<String> texts, Integer dimensions, String provider);

    abstract TextBatches.Batch answer(byte[] answer, Integer headerTokens, String provider);
}
