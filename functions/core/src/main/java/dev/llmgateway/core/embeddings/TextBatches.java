package dev.llmgateway.core.embeddings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.EmbeddingsRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.TokenCount;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.budget.OpenAiTokenizer;
import dev.llmgateway.core.spi.Completion;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Embeddings on a backend that takes texts only and at most {@code perCall} of them per call: the
 * request's texts are cut into consecutive batches, each sent in turn, and the vectors reassembled
 * in the request's order into OpenAI's list. Written once for every translated backend (Gemini,
 * Bedrock's Titan and Cohere, Ollama).
 */
public final class TextBatches {
    private TextBatches() {}

    /**
     * What one call returned: a vector per text of its batch, in order, and the input tokens the
     * backend reported, or null when it reports none.
     */
    public record Batch(List<float[]> vectors, Integer promptTokens) {
        public Batch {
            vectors = List.copyOf(vectors);
        }
    }

    /** The request's texts; token-id input is refused naming {@code input}, since {@code backend} embeds text only. */
    public static List<String> texts(EmbeddingsRequest request, String provider, String backend) {
        List<String> texts = new ArrayList<>(request.inputs().size());
        for (EmbeddingsRequest.Input item : request.inputs()) {
            if (!(item instanceof EmbeddingsRequest.Input.Text text)) {
                throw GatewayError.unsupported(provider, "input", backend + " embeds text only, not token arrays");
            }
            texts.add(text.text());
        }
        return texts;
    }

    /**
     * Embeds {@code texts} in batches of at most {@code perCall}, in order. A batch whose backend
     * reports no tokens is counted with the o200k tokenizer, and the usage is then marked estimated
     * (the backend's own tokenizer may count differently).
     */
    public static Completion embed(EmbeddingsRequest request, List<String> texts, int perCall, String provider,
                                   Function<List<String>, Batch> call) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        int prompt = 0;
        boolean estimated = false;
        for (int from = 0; from < texts.size(); from += perCall) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + perCall));
            Batch answer = call.apply(batch);
            if (answer.vectors().size() != batch.size()) {
                throw GatewayError.upstreamUnavailable(provider, "returned " + answer.vectors().size() + " embeddings for "
                        + batch.size() + " inputs", null);
            }
            vectors.addAll(answer.vectors());
            int tokens;
            if (answer.promptTokens() == null) {
                estimated = true;
                tokens = counted(batch);
            } else {
                tokens = answer.promptTokens();
            }
            prompt = TokenCount.sum(prompt, tokens);
        }
        Usage usage = Usage.builder().input(prompt).estimated(estimated).build();
        return new Completion(EmbeddingsList.of(request.model(), vectors, request.encoding(), Math.max(0, prompt)), usage);
    }

    /** One embedding as the backend wrote it, a JSON array of numbers, as float32. */
    public static float[] vector(JsonNode embedding, String provider) {
        if (embedding == null || !embedding.isArray()) {
            throw GatewayError.upstreamUnavailable(provider, "returned an embedding that is not an array", null);
        }
        float[] vector = new float[embedding.size()];
        for (int i = 0; i < vector.length; i++) {
            JsonNode value = embedding.get(i);
            if (!value.isNumber()) throw GatewayError.upstreamUnavailable(provider, "returned an embedding value that is not a number", null);
            vector[i] = value.floatValue();
        }
        return vector;
    }

    private static int counted(List<String> texts) {
        long tokens = 0;
        for (String text : texts) tokens += OpenAiTokenizer.count(text);
        return (int) Math.min(Integer.MAX_VALUE, tokens);
    }
}
