package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The official Anthropic Java SDK (and raw HTTP) through the gateway's /v1/messages to the Anthropic fake. */
class MessagesE2eTest extends GatewayE2eTest {
    private static final String PATH = "/v1/messages";

    private AnthropicClient anthropic() {
        return AnthropicOkHttpClient.builder().baseUrl(baseUrl()).apiKey("gateway-key").maxRetries(0).build();
    }

    private HttpResponse<String> postMessages(String path, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bodyArrivesByteForByteApartFromModelAndTheAnswerComesBackUnchanged() throws Exception {
        String answer = Fixtures.text("messages/cached-response.json");
        ANTHROPIC.on(PATH, json(200, answer));
        String sent = Fixtures.text("messages/request.json");

        HttpResponse<String> response = postMessages(PATH, sent.getBytes(StandardCharsets.UTF_8), Map.of(
                "x-api-key", "gateway-key", "anthropic-version", "2023-06-01",
                "anthropic-beta", "extended-cache-ttl-2025-04-11"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(answer);
        FakeUpstream.Received upstream = ANTHROPIC.last();
        assertThat(upstream.bodyText()).isEqualTo(sent.replace("\"anthropic/claude-sonnet-4-5\"", "\"claude-sonnet-4-5\""));
        assertThat(upstream.headers()).containsEntry("x-api-key", "sk-ant-upstream-test")
                .containsEntry("anthropic-version", "2023-06-01")
                .containsEntry("anthropic-beta", "extended-cache-ttl-2025-04-11");
        assertThat(response.headers().firstValue("X-Gateway-Provider")).hasValue("anthropic");
    }

    @Test
    void sdkPlainAnswerKeepsEveryCacheBucket() {
        ANTHROPIC.on(PATH, json(200, Fixtures.text("messages/cached-response.json")));

        Message message = anthropic().messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5")
                .maxTokens(256).system("You summarise contracts.").addUserMessage("How long is the term?").build());

        assertThat(message.content().getLast().asText().text()).isEqualTo("The contract runs for two years.");
        assertThat(message.content().getFirst().asThinking().signature()).isEqualTo("EqQBCkYIBRgCIkB0c2lnbmF0dXJl");
        assertThat(message.usage().cacheCreationInputTokens()).hasValue(2048L);
        assertThat(message.usage().cacheReadInputTokens()).hasValue(4096L);
        assertThat(message.usage().cacheCreation().orElseThrow().ephemeral1hInputTokens()).isEqualTo(1024L);
        assertThat(ANTHROPIC.last().headers()).containsEntry("x-api-key", "sk-ant-upstream-test");
        assertThat(Json.tree(ANTHROPIC.last().bodyText()).get("system").asText()).isEqualTo("You summarise contracts.");
    }

    @Test
    void sdkStreamArrivesIncrementallyWithTheUpstreamsEvents() {
        List<byte[]> parts = FakeUpstream.events(Fixtures.text("anthropic/stream/upstream-stream.txt"), "\n\n");
        CountDownLatch firstDeltaSeen = new CountDownLatch(1);
        AtomicBoolean restHeldUntilClientSawFirst = new AtomicBoolean();
        int throughFirstDelta = 4; // message_start, content_block_start, ping, the first text_delta
        ANTHROPIC.on(PATH, FakeUpstream.gatedStream("text/event-stream", parts, throughFirstDelta,
                firstDeltaSeen, restHeldUntilClientSawFirst));

        List<String> types = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic().messages().createStreaming(
                MessageCreateParams.builder().model("anthropic/claude-opus-4-8").maxTokens(64)
                        .addUserMessage("Say hello in three languages.").build())) {
            stream.stream().forEach(event -> {
                event.contentBlockDelta().ifPresent(d -> {
                    d.delta().text().ifPresent(t -> text.append(t.text()));
                    firstDeltaSeen.countDown();
                });
                types.add(eventType(event));
            });
        }

        assertThat(text.toString()).isEqualTo("Bonjour, café ☕ — こんにちは, Привет 👋");
        // The SDK drops ping events; the raw-HTTP error test reads the relayed stream itself.
        assertThat(types).containsExactly("message_start", "content_block_start", "content_block_delta",
                "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        assertThat(restHeldUntilClientSawFirst).as("the client got the first delta while the upstream was still generating").isTrue();
        JsonNode sent = Json.tree(ANTHROPIC.last().bodyText());
        assertThat(sent.get("stream").asBoolean()).isTrue();
        assertThat(sent.get("model").asText()).isEqualTo("claude-opus-4-8");
    }

    private static String eventType(RawMessageStreamEvent event) {
        if (event.isMessageStart()) return "message_start";
        if (event.isContentBlockStart()) return "content_block_start";
        if (event.isContentBlockDelta()) return "content_block_delta";
        if (event.isContentBlockStop()) return "content_block_stop";
        if (event.isMessageDelta()) return "message_delta";
        if (event.isMessageStop()) return "message_stop";
        return "other";
    }

    @Test
    void sdkToolRoundTripPassesToolUseAndToolResultThrough() {
        ANTHROPIC.on(PATH, json(200, Fixtures.text("anthropic/tools/upstream-response.json")));
        Tool weather = Tool.builder().name("get_weather").description("Get the current weather in a given city")
                .inputSchema(Tool.InputSchema.builder().properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city"))).build())
                .build();
        MessageCreateParams.Builder params = MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(256)
                .addUserMessage("What is the weather in Paris and in Lyon?").addTool(weather);

        Message first = anthropic().messages().create(params.build());
        List<ToolUseBlock> calls = first.content().stream().filter(b -> b.isToolUse()).map(b -> b.asToolUse()).toList();
        assertThat(calls).extracting(ToolUseBlock::id)
                .containsExactly("toolu_01A09q90qw90lq917835lq9", "toolu_01B7X2mNq5bY3kTz8RfV4cWd");
        assertThat(first.stopReason().orElseThrow().asString()).isEqualTo("tool_use");

        ANTHROPIC.on(PATH, json(200, Fixtures.text("anthropic/tool-results/upstream-response.json")));
        params.addMessage(first);
        params.addUserMessageOfContentBlockParams(List.of(
                ContentBlockParam.ofToolResult(ToolResultBlockParam.builder().toolUseId(calls.get(0).id()).content("18°C, sunny").build()),
                ContentBlockParam.ofToolResult(ToolResultBlockParam.builder().toolUseId(calls.get(1).id()).content("no station")
                        .isError(true).build())));
        Message second = anthropic().messages().create(params.build());

        assertThat(second.content().getFirst().asText().text()).isEqualTo("Paris: 18°C and sunny. Lyon: 15°C with rain.");
        assertThat(second.usage().cacheReadInputTokens()).hasValue(412L);
        JsonNode sent = Json.tree(ANTHROPIC.last().bodyText()).get("messages");
        assertThat(sent.at("/1/content/1/type").asText()).isEqualTo("tool_use");
        assertThat(sent.at("/2/content/0/tool_use_id").asText()).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertThat(sent.at("/2/content/1/is_error").asBoolean()).isTrue();
    }

    @Test
    void upstreamRateLimitReachesTheSdkAsItsRateLimitError() {
        ANTHROPIC.on(PATH, json(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Slow down\"}}"));

        assertThatThrownBy(() -> anthropic().messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5")
                .maxTokens(16).addUserMessage("hi").build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> assertThat(e.getMessage()).contains("Slow down"));
    }

    @Test
    void unknownModelIsTheSdksNotFoundError() {
        assertThatThrownBy(() -> anthropic().messages().create(MessageCreateParams.builder().model("no-such-model")
                .maxTokens(16).addUserMessage("hi").build()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void badInputGetsAnthropicsEnvelopeWithTheRightStatus() throws Exception {
        HttpResponse<String> badJson = postMessages(PATH, "{\"model\":".getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(Json.tree(badJson.body()).get("type").asText()).isEqualTo("error");
        assertThat(Json.tree(badJson.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");

        HttpResponse<String> noMax = postMessages(PATH,
                "{\"model\":\"claude-sonnet-4-5\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(noMax.statusCode()).isEqualTo(400);
        assertThat(Json.tree(noMax.body()).at("/error/message").asText()).contains("max_tokens");

        byte[] huge = ("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\""
                + "x".repeat(MAX_BODY_BYTES) + "\"}]}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> tooLarge = postMessages(PATH, huge, Map.of());
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(Json.tree(tooLarge.body()).at("/error/type").asText()).isEqualTo("request_too_large");

        assertThatThrownBy(() -> anthropic().messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5")
                .maxTokens(16).addUserMessage("hi").putAdditionalBodyProperty("stream", JsonValue.from("yes")).build()))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void streamIsRelayedEventForEventPingsIncluded() throws Exception {
        String upstream = Fixtures.text("anthropic/stream/upstream-stream.txt");
        ANTHROPIC.on(PATH, FakeUpstream.stream("text/event-stream", FakeUpstream.events(upstream, "\n\n"), 0));

        HttpResponse<String> response = postMessages(PATH, ("{\"model\":\"claude-opus-4-8\",\"max_tokens\":16,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").getBytes(StandardCharsets.UTF_8), Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        String body = response.body();
        int receipt = body.lastIndexOf(": X-Gateway-Cost-USD: ");
        assertThat(body.substring(0, receipt)).as("every upstream event, unchanged").isEqualTo(upstream.strip() + "\n\n");
        assertThat(body.substring(receipt)).as("then the receipt, a comment the SDKs skip").matches(": X-Gateway-Cost-USD: \\d+\\.\\d{6}\n\n");
    }

    @Test
    void failureAfterTheFirstEventIsAnErrorEvent() throws Exception {
        ANTHROPIC.on(PATH, FakeUpstream.stream("text/event-stream",
                FakeUpstream.events(Fixtures.text("anthropic/stream-error/upstream-stream.txt"), "\n\n"), 0));

        HttpResponse<String> response = postMessages(PATH, ("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":16,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").getBytes(StandardCharsets.UTF_8), Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("event: message_start\n").doesNotContain("event: message_stop");
        String last = response.body().substring(response.body().lastIndexOf("event: "));
        assertThat(last).startsWith("event: error\ndata: ");
        JsonNode error = Json.tree(last.substring(last.indexOf("data: ") + 6).trim());
        assertThat(error.get("type").asText()).isEqualTo("error");
        assertThat(error.at("/error/message").asText()).contains("Overloaded");
    }

    @Test
    void countTokensIsPassedThroughToAnthropic() throws Exception {
        ANTHROPIC.on(PATH + "/count_tokens", json(200, "{\"input_tokens\":2095}"));

        long counted = anthropic().messages().countTokens(com.anthropic.models.messages.MessageCountTokensParams.builder()
                .model("claude-sonnet-4-5").addUserMessage("How long is the term?").build()).inputTokens();

        assertThat(counted).isEqualTo(2095);
        assertThat(ANTHROPIC.last().path()).isEqualTo(PATH + "/count_tokens");
    }
}
