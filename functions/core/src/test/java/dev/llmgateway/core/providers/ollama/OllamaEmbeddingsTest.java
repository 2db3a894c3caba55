package dev.llmgateway.core.providers.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.EmbeddingsRequest;
import dev.llmgateway.core.api.GatewayError;
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

    @Test
    void theRequestIsOllamasEmbedShape() {
        assertThat(Json.tree(new String(OllamaEmbeddings.body(request("float"), "all-minilm", "ollama"), StandardCharsets.UTF_8)))
                .isEqualTo(Json.tree(Fixtures.text(DIR + "upstream-request.json")));
    }

    @Test
    void theAnswerIsOpenAisListInOrderWithItsUsage() {
        Completion completion = OllamaEmbeddings.response(Fixtures.bytes(DIR + "upstream-response.json"), request("float"), "ollama");
        assertThat(Json.tree(new String(completion.body(), StandardCharsets.UTF_8)))
                .isEqualTo(Json.tree(Fixtures.text(DIR + "openai-response.json")));
        assertThat(completion.usage().inputTokens()).isEqualTo(14);
        assertThat(completion.usage().outputTokens()).isZero();
    }

    @Test
    void base64IsTheLittleEndianFloat32OfEachValue() {
        Completion completion = OllamaEmbeddings.response(Fixtures.bytes(DIR + "upstream-response.json"), request("base64"), "ollama");
        assertThat(Json.tree(new String(completion.body(), StandardCharsets.UTF_8)))
                .isEqualTo(Json.tree(Fixtures.text(DIR + "openai-response-base64.json")));
    }

    @Test
    void tokenArraysAreRefusedByName() {
        EmbeddingsRequest tokens = EmbeddingsRequest.parse("{\"model\":\"ollama/m\",\"input\":[1,2,3]}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> OllamaEmbeddings.body(tokens, "m", "ollama"))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("input");
                });
    }

    @Test
    void anAnswerWithTooFewVectorsIsAnUpstreamFailure() {
        byte[] one = "{\"embeddings\":[[0.5]],\"prompt_eval_count\":3}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> OllamaEmbeddings.response(one, request("float"), "ollama"))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(502));
    }
}
