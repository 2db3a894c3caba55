package dev.llmgateway.core.providers.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.EmbeddingsRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.embeddings.TextBatches;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Golden fixtures for OpenAI embeddings on Ollama's /api/embed, both directions, float and base64. */
class OllamaEmbeddingsTest {
    private static final String DIR = "ollama/embed/";

    private static EmbeddingsRequest request(String encoding) {
        return EmbeddingsRequest.parse(("{\"model\":\"ollama/all-minilm\",\"input\":[\"Why is the sky blue?\",\"Why is the grass green?\"],"
                + "\"dimensions\":4,\"encoding_format\":\"" + encoding + "\",\"user\":\"u-7\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static Completion embedded(EmbeddingsRequest request, byte[] answer) {
        return TextBatches.embed(request, TextBatches.texts(request, "ollama", "Ollama"), EmbeddingsRequest.MAX_INPUTS, "ollama",
                batch -> OllamaEmbeddings.response(answer, "ollama"));
    }

    @Test
    void theRequestIsOllamasEmbedShape() {
        EmbeddingsRequest request = request("float");
        byte[] body = OllamaEmbeddings.body(TextBatches.texts(request, "ollama", "Ollama"), request.dimensions(), "all-minilm");
        assertThat(Json.tree(new String(body, StandardCharsets.UTF_8))).isEqualTo(Json.tree(Fixtures.text(DIR + "upstream-request.json")));
    }

    @Test
    void theAnswerIsOpenAisListInOrderWithItsUsage() {
        Completion completion = embedded(request("float"), Fixtures.bytes(DIR + "upstream-response.json"));
        assertThat(Json.tree(new String(completion.body(), StandardCharsets.UTF_8)))
                .isEqualTo(Json.tree(Fixtures.text(DIR + "openai-response.json")));
        assertThat(completion.usage().inputTokens()).isEqualTo(14);
        assertThat(completion.usage().outputTokens()).isZero();
        assertThat(completion.usage().estimated()).as("Ollama reported its count").isFalse();
    }

    @Test
    void base64IsTheLittleEndianFloat32OfEachValue() {
        Completion completion = embedded(request("base64"), Fixtures.bytes(DIR + "upstream-response.json"));
        assertThat(Json.tree(new String(completion.body(), StandardCharsets.UTF_8)))
                .isEqualTo(Json.tree(Fixtures.text(DIR + "openai-response-base64.json")));
    }

    @Test
    void anAnswerWithTooFewVectorsIsAnUpstreamFailure() {
        byte[] one = "{\"embeddings\":[[0.5]],\"prompt_eval_count\":3}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> embedded(request("float"), one))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(502));
    }
}
