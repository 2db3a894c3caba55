package dev.llmgateway.core.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.ResponsesRequest;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.Provider;
import dev.llmgateway.core.spi.ResponsesApi;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Responses API passed through to OpenAI and Azure OpenAI: bytes unchanged both ways, only model rewritten, usage read. */
class ResponsesPassthroughTest {
    private final FakeUpstream fake = new FakeUpstream();

    @AfterEach
    void close() {
        fake.close();
    }

    private Provider openai() {
        Env env = Env.of(Map.of("OPENAI_API_KEY", "sk-fake", "OPENAI_BASE_URL", fake.baseUrl() + "/v1"));
        return Catalogue.OPENAI.create(env, UpstreamHttp.fromEnv(env));
    }

    private static ResponsesRequest request(String json) {
        return ResponsesRequest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void onlyOpenAiAndAzureDeclareTheResponsesApi() {
        for (var row : Catalogue.ALL) {
            boolean declared = row.quirks().responses();
            assertThat(declared).as(row.name()).isEqualTo(row == Catalogue.OPENAI || row == Catalogue.AZURE);
        }
    }

    @Test
    void theBodyGoesUpWithOnlyModelRewrittenAndTheAnswerComesBackUnchanged() {
        String answer = Fixtures.text("responses/openai-response.json");
        fake.on("/v1/responses", FakeUpstream.json(200, answer));
        String body = "{ \"model\" : \"openai/gpt-4.1\", \"input\":\"hi\",\"tools\":[{\"type\":\"web_search\"}],\"x_unknown\":1}";

        Completion completion = ((ResponsesApi) openai()).respond(request(body), "gpt-4.1");

        assertThat(new String(completion.body(), StandardCharsets.UTF_8)).isEqualTo(answer);
        assertThat(completion.usage()).isEqualTo(Usage.of(36, 87, 0));
        assertThat(completion.responseId()).isEqualTo("resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b");
        assertThat(completion.finishReasons()).containsExactly("completed");
        assertThat(fake.last().bodyText()).isEqualTo(body.replace("\"openai/gpt-4.1\"", "\"gpt-4.1\""));
    }

    @Test
    void theStreamIsRelayedByteForByteWholeAndOneByteAtATime() throws Exception {
        byte[] stream = Fixtures.bytes("responses/openai-stream.txt");
        List<byte[]> oneByOne = new ArrayList<>();
        for (byte b : stream) oneByOne.add(new byte[] {b});
        for (List<byte[]> parts : List.of(List.of(stream), oneByOne)) {
            fake.on("/v1/responses", FakeUpstream.stream("text/event-stream", parts, 0));
            ByteArrayOutputStream client = new ByteArrayOutputStream();
            List<Integer> sends = new ArrayList<>();

            StreamResult result = ((ResponsesApi) openai()).streamResponse(
                    request("{\"model\":\"gpt-4.1\",\"input\":\"hi\",\"stream\":true}"), "gpt-4.1", event -> {
                        sends.add(event.length);
                        client.writeBytes(event);
                    });

            assertThat(client.toByteArray()).isEqualTo(stream);
            assertThat(sends).as("one send per event").hasSize(10);
            assertThat(result.usage()).isEqualTo(Usage.of(37, 11, 12));
            assertThat(result.finishReason()).isEqualTo("completed");
            assertThat(result.responseId()).as("from the terminal event").isEqualTo("resp_67c9fdcecf488190bdd9a0409de3a1ec07b8b0ad4e5eb654");
        }
    }

    @Test
    void aStreamWithoutItsTerminalEventIsAFailureAndAnErrorEventIsRaised() {
        String stream = Fixtures.text("responses/openai-stream.txt");
        String cut = stream.substring(0, stream.indexOf("event: response.completed"));
        fake.on("/v1/responses", FakeUpstream.stream("text/event-stream", List.of(cut.getBytes(StandardCharsets.UTF_8)), 0));
        ResponsesApi api = (ResponsesApi) openai();
        ResponsesRequest request = request("{\"model\":\"gpt-4.1\",\"input\":\"hi\",\"stream\":true}");
        assertThatThrownBy(() -> api.streamResponse(request, "gpt-4.1", e -> { }))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(502));

        fake.on("/v1/responses", FakeUpstream.stream("text/event-stream", List.of(("event: error\ndata: "
                + "{\"type\":\"error\",\"code\":\"server_error\",\"message\":\"boom\",\"param\":null,\"sequence_number\":0}\n\n")
                .getBytes(StandardCharsets.UTF_8)), 0));
        assertThatThrownBy(() -> api.streamResponse(request, "gpt-4.1", e -> { }))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.getMessage()).contains("boom"));
    }

    @Test
    void heldResponsesAreReachedAtTheirOwnPathWithTheClientsQuery() {
        fake.on("/v1/responses/resp_1/input_items", FakeUpstream.json(200, "{\"object\":\"list\",\"data\":[]}"));
        byte[] body = ((ResponsesApi) openai()).held("GET", "resp_1", "/input_items", "limit=5&order=asc");
        assertThat(Json.tree(new String(body, StandardCharsets.UTF_8)).get("object").asText()).isEqualTo("list");
        assertThat(fake.last().query()).isEqualTo("limit=5&order=asc");
        assertThat(fake.last().headers().get("authorization")).isEqualTo("Bearer sk-fake");

        fake.on("/v1/responses/resp_2", FakeUpstream.json(404, "{\"error\":{\"message\":\"Response with id 'resp_2' not found.\","
                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}"));
        assertThatThrownBy(() -> ((ResponsesApi) openai()).held("DELETE", "resp_2", "", null))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(fake.last().method()).isEqualTo("DELETE");
    }

    @Test
    void azureDeploymentsUseTheResponsesPathWithTheApiVersion() {
        fake.on("/openai/responses", FakeUpstream.json(200, Fixtures.text("responses/openai-response.json")));
        Env env = Env.of(Map.of("AZURE_API_KEY", "az-key", "AZURE_BASE_URL", fake.baseUrl(), "AZURE_API_VERSION", "2025-04-01-preview"));
        ResponsesApi azure = (ResponsesApi) Catalogue.AZURE.create(env, UpstreamHttp.fromEnv(env));

        azure.respond(request("{\"model\":\"azure/my-deployment\",\"input\":\"hi\"}"), "my-deployment");

        assertThat(fake.last().query()).isEqualTo("api-version=2025-04-01-preview");
        assertThat(fake.last().headers().get("api-key")).isEqualTo("az-key");
        assertThat(Json.tree(fake.last().bodyText()).get("model").asText()).isEqualTo("my-deployment");
    }
}
