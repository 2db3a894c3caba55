package dev.llmgateway.core.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.embeddings.TextBatches;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bedrock's embedding bodies (Titan Text Embeddings v2, Cohere Embed v3) in the shapes of AWS's model parameter reference. */
class InvokeEmbeddingsTest {
    @Test
    void titanTakesOneTextWithDimensionsAndNormalizes() {
        byte[] body = InvokeEmbeddings.TITAN_TEXT_V2.body(List.of("Why is the sky blue?"), 256, "bedrock");
        assertThat(Json.tree(new String(body, StandardCharsets.UTF_8)))
                .isEqualTo(Json.tree(Fixtures.text("bedrock/embed-titan/upstream-request.json")));
        assertThat(InvokeEmbeddings.TITAN_TEXT_V2.perCall()).isEqualTo(1);
    }

    @Test
    void titansVectorAndTokenCountAreRead() {
        TextBatches.Batch batch = InvokeEmbeddings.TITAN_TEXT_V2.answer(Fixtures.bytes("bedrock/embed-titan/upstream-response.json"), null, "bedrock");
        assertThat(batch.vectors()).singleElement().satisfies(v -> assertThat(v).containsExactly(0.0625f, -0.03515625f, 0.0234375f, 0.10546875f));
        assertThat(batch.promptTokens()).isEqualTo(6);
    }

    @Test
    void cohereTakesUpTo96TextsAsSearchDocuments() {
        byte[] body = InvokeEmbeddings.COHERE_EMBED.body(List.of("Why is the sky blue?", "Why is the grass green?"), null, "bedrock");
        assertThat(Json.tree(new String(body, StandardCharsets.UTF_8)))
                .isEqualTo(Json.tree(Fixtures.text("bedrock/embed-cohere/upstream-request.json")));
        assertThat(InvokeEmbeddings.COHERE_EMBED.perCall()).isEqualTo(96);
    }

    @Test
    void coheresVectorsAreReadInOrderAndItsTokensComeFromTheHeader() {
        byte[] answer = Fixtures.bytes("bedrock/embed-cohere/upstream-response.json");
        TextBatches.Batch batch = InvokeEmbeddings.COHERE_EMBED.answer(answer, 11, "bedrock");
        assertThat(batch.vectors()).hasSize(2);
        assertThat(batch.vectors().get(1)).containsExactly(-0.00531005f, 0.03979492f, -0.01477050f);
        assertThat(batch.promptTokens()).isEqualTo(11);
        assertThat(InvokeEmbeddings.COHERE_EMBED.answer(answer, null, "bedrock").promptTokens()).as("no header: not reported").isNull();
    }

    @Test
    void cohereV3HasNoOutputDimensionsSoDimensionsIsA400NamingIt() {
        assertThatThrownBy(() -> InvokeEmbeddings.COHERE_EMBED.body(List.of("x"), 256, "bedrock"))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("dimensions");
                });
    }

    @Test
    void theFamilyIsReadFromTheModelIdWithOrWithoutAnInferenceProfilePrefix() {
        assertThat(BedrockFamily.of("amazon.titan-embed-text-v2:0").embeddings()).isEqualTo(InvokeEmbeddings.TITAN_TEXT_V2);
        assertThat(BedrockFamily.of("cohere.embed-english-v3").embeddings()).isEqualTo(InvokeEmbeddings.COHERE_EMBED);
        assertThat(BedrockFamily.of("cohere.embed-multilingual-v3").embeddings()).isEqualTo(InvokeEmbeddings.COHERE_EMBED);
        assertThat(BedrockFamily.of("anthropic.claude-sonnet-4-20250514-v1:0").anthropicMessages()).isTrue();
        assertThat(BedrockFamily.of("us.anthropic.claude-sonnet-4-20250514-v1:0").anthropicMessages()).isTrue();
        assertThat(BedrockFamily.of("global.anthropic.claude-opus-4-6-v1").anthropicMessages()).isTrue();
        assertThat(BedrockFamily.of("amazon.nova-pro-v1:0").anthropicMessages()).isFalse();
        assertThat(BedrockFamily.of("amazon.nova-pro-v1:0").embeddings()).isNull();
        assertThat(BedrockFamily.of("amazon.titan-embed-text-v1").embeddings()).as("v1 has another body").isNull();
    }
}
