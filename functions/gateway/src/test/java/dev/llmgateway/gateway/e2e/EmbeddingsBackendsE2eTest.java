package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static dev.llmgateway.gateway.e2e.EmbeddingsE2eTest.boxed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.errors.BadRequestException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.llmgateway.core.budget.OpenAiTokenizer;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import dev.llmgateway.gateway.testing.PrometheusText;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI SDK's embeddings on Gemini (batchEmbedContents) and Bedrock (InvokeModel: Titan Text
 * Embeddings v2, Cohere Embed v3) fakes: the values bit for bit in float and in the SDK's default
 * base64, the order kept across a request split into several upstream calls, usage metered once.
 */
class EmbeddingsBackendsE2eTest extends GatewayE2eTest {
    private static final String GEMINI_EMBED = "/v1beta/models/gemini-embedding-001:batchEmbedContents";
    private static final String TITAN = "amazon.titan-embed-text-v2:0";
    private static final String COHERE = "cohere.embed-english-v3";

    /** A value per input that float32 holds exactly, distinct for each index, so order and bits are both checked. */
    private static float value(int index, int component) {
        return index + component / 4f;
    }

    private static List<String> texts(int count) {
        return IntStream.range(0, count).mapToObj(i -> "text " + i).toList();
    }

    private static int index(String text) {
        return Integer.parseInt(text.substring("text ".length()));
    }

    private static ArrayNode vector(ArrayNode into, int index) {
        for (int c = 0; c < 3; c++) into.add(value(index, c));
        return into;
    }

    private static JsonNode body(com.sun.net.httpserver.HttpExchange exchange) {
        return Json.tree(new String((byte[]) exchange.getAttribute(FakeUpstream.BODY), StandardCharsets.UTF_8));
    }

    /** Gemini's answer to whatever batch it was sent: each text "text i" embeds as [i, i+.25, i+.5]. */
    private static final FakeUpstream.Script GEMINI_BY_TEXT = exchange -> {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode embeddings = answer.putArray("embeddings");
        for (JsonNode request : body(exchange).get("requests")) {
            vector(embeddings.addObject().putArray("values"), index(request.at("/content/parts/0/text").asText()));
        }
        json(200, answer.toString()).answer(exchange);
    };

    private static void assertNumbered(CreateEmbeddingResponse response, int count) {
        assertThat(response.data()).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(response.data().get(i).index()).isEqualTo(i);
            assertThat(response.data().get(i).embedding()).containsExactly(value(i, 0), value(i, 1), value(i, 2));
        }
    }

    @Test
    void geminiSplitsAbove100AndReassemblesInOrderDecodedFromTheSdksBase64() {
        GEMINI.on(GEMINI_EMBED, GEMINI_BY_TEXT);
        int before = GEMINI.received().size();

        CreateEmbeddingResponse response = sdk().embeddings().create(EmbeddingCreateParams.builder()
                .model("gemini/gemini-embedding-001").inputOfArrayOfStrings(texts(250)).dimensions(3).build());

        assertNumbered(response, 250);
        List<FakeUpstream.Received> calls = GEMINI.received().subList(before, GEMINI.received().size());
        assertThat(calls).extracting(c -> Json.tree(c.bodyText()).get("requests").size()).containsExactly(100, 100, 50);
        JsonNode first = Json.tree(calls.get(1).bodyText()).at("/requests/0");
        assertThat(first.get("model").asText()).isEqualTo("models/gemini-embedding-001");
        assertThat(first.at("/content/parts/0/text").asText()).as("the second call starts where the first ended").isEqualTo("text 100");
        assertThat(first.get("outputDimensionality").asInt()).isEqualTo(3);
        assertThat(calls.getFirst().headers()).containsEntry("x-goog-api-key", "gemini-upstream-test");
        long counted = texts(250).stream().mapToLong(OpenAiTokenizer::count).sum();
        assertThat(response.usage().promptTokens()).as("Gemini reports none: the gateway's o200k count").isEqualTo(counted);
    }

    @Test
    void geminiGoldenValuesArriveExactlyAsFloats() {
        GEMINI.on(GEMINI_EMBED, json(200, Fixtures.text("gemini/embed/upstream-response.json")));

        CreateEmbeddingResponse response = sdk().embeddings().create(EmbeddingCreateParams.builder()
                .model("gemini-embedding-001").inputOfArrayOfStrings(List.of("What is the meaning of life?",
                        "How much wood would a woodchuck chuck?"))
                .dimensions(4).encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());

        assertThat(response.data().get(0).embeddingValue().isFloats()).isTrue();
        assertThat(response.data().get(0).embedding()).containsExactly(-0.022374554f, -0.004560777f, 0.013309286f, -0.0545072f);
        assertThat(response.data().get(1).embedding()).containsExactly(-0.007975887f, -0.02141119f, -0.002995274f, -0.0811938f);
        assertThat(Json.tree(GEMINI.last().bodyText())).isEqualTo(Json.tree(Fixtures.text("gemini/embed/upstream-request.json")));
    }

    @Test
    void tokenArraysAreA400NamingInputOnGeminiAndBedrockAndNothingIsSent() {
        int gemini = GEMINI.received().size();
        int bedrock = BEDROCK.received().size();
        for (String model : List.of("gemini/gemini-embedding-001", "bedrock/" + TITAN)) {
            assertThatThrownBy(() -> sdk().embeddings().create(EmbeddingCreateParams.builder().model(model)
                    .inputOfArrayOfTokenArrays(List.of(List.of(1L, 2L), List.of(3L))).build()))
                    .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage()).contains("input"));
        }
        assertThat(GEMINI.received()).hasSize(gemini);
        assertThat(BEDROCK.received()).hasSize(bedrock);
    }

    @Test
    void titanIsOneSignedInvokeModelCallPerInputReassembledInOrder() {
        BEDROCK.on("/model/" + TITAN + "/invoke", exchange -> {
            JsonNode sent = body(exchange);
            ObjectNode answer = Json.MAPPER.createObjectNode();
            vector(answer.putArray("embedding"), index(sent.get("inputText").asText()));
            answer.put("inputTextTokenCount", 3);
            json(200, answer.toString()).answer(exchange);
        });
        int before = BEDROCK.received().size();

        CreateEmbeddingResponse response = sdk().embeddings().create(EmbeddingCreateParams.builder()
                .model("bedrock/" + TITAN).inputOfArrayOfStrings(texts(5)).dimensions(256).build());

        assertNumbered(response, 5);
        List<FakeUpstream.Received> calls = BEDROCK.received().subList(before, BEDROCK.received().size());
        assertThat(calls).hasSize(5);
        assertThat(calls.getFirst().headers().get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=" + AWS_ACCESS_KEY_ID + "/");
        assertThat(Json.tree(calls.get(4).bodyText()))
                .isEqualTo(Json.tree("{\"inputText\":\"text 4\",\"dimensions\":256,\"normalize\":true}"));
        assertThat(response.usage().promptTokens()).as("Titan's inputTextTokenCount, summed").isEqualTo(15);
    }

    @Test
    void cohereSplitsAbove96AndItsUsageComesFromBedrocksHeaderMeteredOnce() throws Exception {
        BEDROCK.on("/model/" + COHERE + "/invoke", exchange -> {
            JsonNode texts = body(exchange).get("texts");
            ObjectNode answer = Json.MAPPER.createObjectNode();
            ArrayNode embeddings = answer.putArray("embeddings");
            for (JsonNode text : texts) vector(embeddings.addArray(), index(text.asText()));
            answer.put("id", "emb-1").put("response_type", "embeddings_floats");
            json(200, answer.toString(), Map.of("X-Amzn-Bedrock-Input-Token-Count", String.valueOf(2 * texts.size())))
                    .answer(exchange);
        });
        String model = "bedrock/" + COHERE;
        Map<String, String> input = Map.of("model", model, "direction", "input");
        Map<String, String> requests = Map.of("model", model, "provider", "bedrock", "status", "200");
        PrometheusText before = scrape();
        int calls = BEDROCK.received().size();

        CreateEmbeddingResponse response = sdk().embeddings().create(EmbeddingCreateParams.builder()
                .model(model).inputOfArrayOfStrings(texts(100)).encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());

        assertNumbered(response, 100);
        assertThat(BEDROCK.received().subList(calls, BEDROCK.received().size()))
                .extracting(c -> Json.tree(c.bodyText()).get("texts").size()).containsExactly(96, 4);
        assertThat(Json.tree(BEDROCK.last().bodyText()).get("input_type").asText()).isEqualTo("search_document");
        assertThat(response.usage().promptTokens()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            PrometheusText after = scrape();
            assertThat(after.value("gateway_requests_total", requests) - before.value("gateway_requests_total", requests))
                    .as("two upstream calls, one request").isEqualTo(1);
            assertThat(after.value("gateway_tokens_total", input) - before.value("gateway_tokens_total", input)).isEqualTo(200);
        });
    }

    @Test
    void cohereWithDimensionsAndAChatModelAre400sNamingTheField() {
        assertThatThrownBy(() -> sdk().embeddings().create(EmbeddingCreateParams.builder()
                .model("bedrock/" + COHERE).input("x").dimensions(256).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage()).contains("dimensions"));
        assertThatThrownBy(() -> sdk().embeddings().create(EmbeddingCreateParams.builder()
                .model("bedrock/amazon.nova-pro-v1:0").input("x").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage()).contains("model"));
    }

    private PrometheusText scrape() throws Exception {
        return PrometheusText.parse(get("/actuator/prometheus").body());
    }
}
