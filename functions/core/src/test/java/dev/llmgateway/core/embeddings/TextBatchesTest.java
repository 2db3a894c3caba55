package dev.llmgateway.core.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.EmbeddingsRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.budget.OpenAiTokenizer;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.Completion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Splitting a request into a backend's batches, and reassembling vectors and usage in the request's order. */
class TextBatchesTest {
    private static EmbeddingsRequest request(int inputs) {
        String input = String.join(",", IntStream.range(0, inputs).mapToObj(i -> "\"text " + i + "\"").toList());
        return EmbeddingsRequest.parse(("{\"model\":\"m\",\"input\":[" + input + "]}").getBytes(StandardCharsets.UTF_8));
    }

    /** A backend that embeds "text i" as [i] and reports one token per text. */
    private static TextBatches.Batch numbered(List<String> batch, List<Integer> sizes) {
        sizes.add(batch.size());
        return new TextBatches.Batch(batch.stream().map(t -> new float[] {Integer.parseInt(t.substring(5))}).toList(), batch.size());
    }

    @Test
    void batchesAreConsecutiveAndAtMostTheLimitAndTheOrderIsKept() {
        List<Integer> sizes = new ArrayList<>();
        EmbeddingsRequest request = request(250);
        Completion completion = TextBatches.embed(request, TextBatches.texts(request, "p", "P"), 100, "p", b -> numbered(b, sizes));

        assertThat(sizes).containsExactly(100, 100, 50);
        JsonNode data = Json.tree(new String(completion.body(), StandardCharsets.UTF_8)).get("data");
        assertThat(data).hasSize(250);
        for (int i = 0; i < 250; i++) {
            assertThat(data.get(i).get("index").asInt()).isEqualTo(i);
            assertThat(data.get(i).get("embedding").get(0).asInt()).isEqualTo(i);
        }
        assertThat(completion.usage().promptTokens()).as("the batches' counts, summed").isEqualTo(250);
        assertThat(completion.usage().estimated()).isFalse();
    }

    @Test
    void aBackendThatReportsNoTokensIsCountedWithTheTokenizerAndMarkedEstimated() {
        EmbeddingsRequest request = request(3);
        Completion completion = TextBatches.embed(request, TextBatches.texts(request, "p", "P"), 2, "p",
                b -> new TextBatches.Batch(b.stream().map(t -> new float[] {1f}).toList(), null));

        long expected = OpenAiTokenizer.count("text 0") + OpenAiTokenizer.count("text 1") + OpenAiTokenizer.count("text 2");
        assertThat(completion.usage().promptTokens()).isEqualTo(expected);
        assertThat(completion.usage().outputTokens()).isZero();
        assertThat(completion.usage().estimated()).isTrue();
        assertThat(Json.tree(new String(completion.body(), StandardCharsets.UTF_8)).at("/usage/prompt_tokens").asLong()).isEqualTo(expected);
    }

    @Test
    void aBatchAnsweredWithTheWrongNumberOfVectorsIsAnUpstreamFailure() {
        EmbeddingsRequest request = request(3);
        assertThatThrownBy(() -> TextBatches.embed(request, TextBatches.texts(request, "p", "P"), 2, "p",
                b -> new TextBatches.Batch(List.of(new float[] {1f}), 1)))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(502));
    }

    @Test
    void tokenArraysAreA400NamingInputForATextOnlyBackend() {
        EmbeddingsRequest tokens = EmbeddingsRequest.parse("{\"model\":\"m\",\"input\":[[1,2],[3]]}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> TextBatches.texts(tokens, "gemini", "Gemini"))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("input");
                    assertThat(e.code()).isEqualTo("unsupported_parameter");
                });
    }

    @Test
    void aValueThatIsNotANumberIsAnUpstreamFailure() {
        assertThatThrownBy(() -> TextBatches.vector(Json.tree("[0.5,\"x\"]"), "p"))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(502));
        assertThatThrownBy(() -> TextBatches.vector(null, "p"))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(502));
    }
}
