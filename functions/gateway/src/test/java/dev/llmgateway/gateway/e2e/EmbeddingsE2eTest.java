package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.llmgateway.core.json.Json;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAI SDK's embeddings through the gateway: OpenAI passed through. */
class EmbeddingsE2eTest extends GatewayE2eTest {
    /** Values that float32 holds exactly and ones it rounds: both must reach the client bit for bit. */
    private static final float[] FIRST = {0.1f, -0.25f, 3.4028235e38f};
    private static final float[] SECOND = {-0.0f, 1.0e-45f, 0.33333334f};

    @Test
    void theSdksDefaultBase64PassesThroughAndDecodesExactly() {
        OPENAI.on("/v1/embeddings", json(200, openAiList("\"" + base64(FIRST) + "\"", "\"" + base64(SECOND) + "\"")));

        CreateEmbeddingResponse response = sdk().embeddings().create(EmbeddingCreateParams.builder()
                .model("openai/text-embedding-3-small").inputOfArrayOfStrings(List.of("first", "second")).dimensions(3).build());

        assertThat(response.data()).hasSize(2);
        assertThat(response.data().get(0).embedding()).containsExactly(boxed(FIRST));
        assertThat(response.data().get(1).embedding()).containsExactly(boxed(SECOND));
        assertThat(response.usage().promptTokens()).isEqualTo(4);
        JsonNode sent = Json.tree(OPENAI.last().bodyText());
        assertThat(sent.get("model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(sent.get("encoding_format").asText()).as("the SDK's own choice, forwarded as sent").isEqualTo("base64");
        assertThat(sent.get("dimensions").asInt()).isEqualTo(3);
        assertThat(sent.get("input")).hasSize(2);
    }

    @Test
    void aBareTextEmbeddingNameReachesOpenAiAndFloatsPassThrough() {
        OPENAI.on("/v1/embeddings", json(200, openAiList("[0.5,-1.5,2.0]")));

        CreateEmbeddingResponse response = sdk().embeddings().create(EmbeddingCreateParams.builder()
                .model("text-embedding-3-large").input("hello").encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());

        assertThat(response.data().getFirst().embedding()).containsExactly(0.5f, -1.5f, 2.0f);
        JsonNode sent = Json.tree(OPENAI.last().bodyText());
        assertThat(sent.get("model").asText()).isEqualTo("text-embedding-3-large");
        assertThat(sent.get("encoding_format").asText()).isEqualTo("float");
        assertThat(sent.get("input").asText()).isEqualTo("hello");
    }

    static String openAiList(String... embeddings) {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < embeddings.length; i++) {
            if (i > 0) data.append(',');
            data.append("{\"object\":\"embedding\",\"index\":").append(i).append(",\"embedding\":").append(embeddings[i]).append('}');
        }
        return "{\"object\":\"list\",\"data\":[" + data + "],\"model\":\"text-embedding-3-small\","
                + "\"usage\":{\"prompt_tokens\":4,\"total_tokens\":4}}";
    }

    static String base64(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) bytes.putFloat(v);
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    static Float[] boxed(float[] values) {
        Float[] boxed = new Float[values.length];
        for (int i = 0; i < values.length; i++) boxed[i] = values[i];
        return boxed;
    }
}
