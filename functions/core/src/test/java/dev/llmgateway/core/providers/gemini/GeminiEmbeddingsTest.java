package dev.llmgateway.core.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.api.EmbeddingsRequest;
import dev.llmgateway.core.budget.OpenAiTokenizer;
import dev.llmgateway.core.embeddings.TextBatches;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Golden fixtures for OpenAI embeddings on Gemini's batchEmbedContents, in the shapes of Gemini's API reference. */
class GeminiEmbeddingsTest {
    private static final String DIR = "gemini/embed/";
    private static final String FIRST = "What is the meaning of life?";
    private static final String SECOND = "How much wood would a woodchuck chuck?";

    private static final EmbeddingsRequest REQUEST = EmbeddingsRequest.parse(("{\"model\":\"gemini/gemini-embedding-001\",\"input\":[\""
            + FIRST + "\",\"" + SECOND + "\"],\"dimensions\":4,\"encoding_format\":\"float\"}").getBytes(StandardCharsets.UTF_8));

    @Test
    void eachTextIsOneEmbedContentRequestWithDimensionsAsOutputDimensionality() {
        byte[] body = GeminiEmbeddings.body(TextBatches.texts(REQUEST, "gemini", "Gemini"), REQUEST.dimensions(),
                GeminiModel.of("gemini-embedding-001", "gemini"));
        assertThat(Json.tree(new String(body, StandardCharsets.UTF_8))).isEqualTo(Json.tree(Fixtures.text(DIR + "upstream-request.json")));
    }

    @Test
    void withoutDimensionsNoOutputDimensionalityIsSent() {
        byte[] body = GeminiEmbeddings.body(java.util.List.of("x"), null, GeminiModel.of("gemini-embedding-001", "gemini"));
        assertThat(Json.tree(new String(body, StandardCharsets.UTF_8)).at("/requests/0").has("outputDimensionality")).isFalse();
    }

    @Test
    void theValuesBecomeOpenAisListInOrderAndTheTokensAreCountedByTheGateway() {
        Completion completion = TextBatches.embed(REQUEST, TextBatches.texts(REQUEST, "gemini", "Gemini"), GeminiEmbeddings.PER_CALL,
                "gemini", batch -> GeminiEmbeddings.response(Fixtures.bytes(DIR + "upstream-response.json"), "gemini"));

        long counted = OpenAiTokenizer.count(FIRST) + OpenAiTokenizer.count(SECOND);
        assertThat(counted).as("the fixture's usage is the o200k count of its two texts").isEqualTo(17);
        assertThat(Json.tree(new String(completion.body(), StandardCharsets.UTF_8)))
                .isEqualTo(Json.tree(Fixtures.text(DIR + "openai-response.json")));
        assertThat(completion.usage().estimated()).isTrue();
    }

    @Test
    void gemini100RequestsPerCallIsTheBatchLimit() {
        assertThat(GeminiEmbeddings.PER_CALL).isEqualTo(100);
    }
}
