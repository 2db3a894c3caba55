package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.Fixtures;
import dev.llmgateway.gateway.testing.PrometheusText;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import static org.awaitility.Awaitility.await;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAI SDK's embeddings through the gateway: OpenAI passed through, Ollama translated; float and base64. */
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

    /** The float32 values of Ollama's golden answer, as Ollama printed them. */
    private static final float[] OLLAMA_FIRST = {0.010071029f, -0.0017594862f, 0.05007221f, 0.04692972f};
    private static final float[] OLLAMA_SECOND = {-0.0098783f, 0.06646753f, -0.0057832804f, 0.1051413f};

    @Test
    void ollamaIsTranslatedAndTheSdksBase64DecodesToTheExactFloats() {
        OLLAMA.on("/api/embed", json(200, Fixtures.text("ollama/embed/upstream-response.json")));

        CreateEmbeddingResponse response = sdk().embeddings().create(EmbeddingCreateParams.builder()
                .model("ollama/all-minilm").inputOfArrayOfStrings(List.of("Why is the sky blue?", "Why is the grass green?"))
                .dimensions(4).build());

        assertThat(response.data().get(0).embedding()).containsExactly(boxed(OLLAMA_FIRST));
        assertThat(response.data().get(1).embedding()).containsExactly(boxed(OLLAMA_SECOND));
        assertThat(response.data().get(1).index()).isEqualTo(1);
        assertThat(response.usage().promptTokens()).isEqualTo(14);
        assertThat(Json.tree(OLLAMA.last().bodyText())).isEqualTo(Json.tree(Fixtures.text("ollama/embed/upstream-request.json")));
    }

    @Test
    void ollamaAnswersFloatsWhenAskedAndIsMeteredOnce() throws Exception {
        OLLAMA.on("/api/embed", json(200, Fixtures.text("ollama/embed/upstream-response.json")));
        Map<String, String> input = Map.of("model", "ollama/all-minilm-metered", "direction", "input");
        Map<String, String> requests = Map.of("model", "ollama/all-minilm-metered", "provider", "ollama", "status", "200");
        PrometheusText before = scrape();

        CreateEmbeddingResponse response = sdk().embeddings().create(EmbeddingCreateParams.builder()
                .model("ollama/all-minilm-metered").inputOfArrayOfStrings(List.of("Why is the sky blue?", "Why is the grass green?"))
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());

        assertThat(response.data().get(0).embedding()).containsExactly(boxed(OLLAMA_FIRST));
        assertThat(response.data().get(0).embeddingValue().isFloats()).isTrue();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            PrometheusText after = scrape();
            assertThat(after.value("gateway_requests_total", requests) - before.value("gateway_requests_total", requests)).isEqualTo(1);
            assertThat(after.value("gateway_tokens_total", input) - before.value("gateway_tokens_total", input)).isEqualTo(14);
        });
        assertThat(scrape().value("gateway_tokens_total", Map.of("model", "ollama/all-minilm-metered", "direction", "output")))
                .isEqualTo(before.value("gateway_tokens_total", Map.of("model", "ollama/all-minilm-metered", "direction", "output")));
    }

    @Test
    void badInputIsA400InOpenAisEnvelopeNamingTheFieldAndNothingIsSent() throws Exception {
        for (String[] bad : new String[][] {
                {"{\"model\":\"text-embedding-bad-input\",\"input\":\"\"}", "input"},
                {"{\"model\":\"text-embedding-bad-input\",\"input\":[]}", "input"},
                {"{\"model\":\"text-embedding-bad-input\",\"input\":{\"a\":1}}", "input"},
                {"{\"model\":\"text-embedding-bad-input\",\"input\":[" + "\"a\",".repeat(2048) + "\"a\"]}", "input"},
                {"{\"model\":\"text-embedding-bad-input\",\"input\":\"x\",\"encoding_format\":\"int8\"}", "encoding_format"},
                {"{\"model\":\"text-embedding-bad-input\",\"input\":\"x\",\"dimensions\":0}", "dimensions"}}) {
            HttpResponse<String> response = post("/v1/embeddings", bad[0]);
            assertThat(response.statusCode()).as(bad[1]).isEqualTo(400);
            JsonNode error = Json.tree(response.body()).get("error");
            assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.get("param").asText()).as(bad[0]).isEqualTo(bad[1]);
        }
        assertThat(OPENAI.received()).noneMatch(r -> r.bodyText().contains("text-embedding-bad-input"));
    }

    private PrometheusText scrape() throws Exception {
        return PrometheusText.parse(get("/actuator/prometheus").body());
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
