package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.RateLimitException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.EventStreamFrames;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import dev.llmgateway.gateway.testing.PrometheusText;
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

/**
 * The official Anthropic Java SDK through the gateway's /v1/messages to Claude on Bedrock: passed
 * through InvokeModel / InvokeModelWithResponseStream, signed by the AWS SDK; the fake checks that
 * the client's body arrived intact (only model and stream gone, Bedrock's anthropic_version added).
 */
class ClaudeOnBedrockE2eTest extends GatewayE2eTest {
    private static final String MODEL_ID = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    private static final String MODEL = "bedrock/" + MODEL_ID;
    private static final String INVOKE = "/model/" + MODEL_ID + "/invoke";
    private static final String INVOKE_STREAM = "/model/" + MODEL_ID + "/invoke-with-response-stream";

    private AnthropicClient anthropic() {
        return AnthropicOkHttpClient.builder().baseUrl(baseUrl()).apiKey("gateway-key").maxRetries(0).build();
    }

    /** What Bedrock must receive for {@code clientBody}: the same fields, less model and stream, plus the version. */
    private static JsonNode expectedUpstream(String clientBody) {
        ObjectNode expected = (ObjectNode) Json.tree(clientBody);
        expected.remove("model");
        expected.remove("stream");
        expected.put("anthropic_version", "bedrock-2023-05-31");
        return expected;
    }

    @Test
    void theClientsBodyArrivesIntactWithTheBetaHeaderAsAnthropicBetaAndTheAnswerComesBackUnchanged() throws Exception {
        String answer = Fixtures.text("messages/cached-response.json");
        BEDROCK.on(INVOKE, json(200, answer));
        String sent = Fixtures.text("messages/request.json").replace("\"anthropic/claude-sonnet-4-5\"", "\"" + MODEL + "\"");

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/messages"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json").header("x-api-key", "gateway-key")
                .header("anthropic-version", "2023-06-01").header("anthropic-beta", "extended-cache-ttl-2025-04-11")
                .POST(HttpRequest.BodyPublishers.ofString(sent)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(answer);
        assertThat(response.headers().firstValue("X-Gateway-Provider")).hasValue("bedrock");
        FakeUpstream.Received upstream = BEDROCK.last();
        assertThat(upstream.path()).isEqualTo(INVOKE);
        assertThat(upstream.headers().get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=" + AWS_ACCESS_KEY_ID + "/");
        ObjectNode expected = (ObjectNode) expectedUpstream(sent);
        expected.putArray("anthropic_beta").add("extended-cache-ttl-2025-04-11");
        assertThat(Json.tree(upstream.bodyText())).isEqualTo(expected);
        assertThat(upstream.bodyText()).as("each field's bytes as the client wrote them")
                .contains("\"x_unknown\": {\"kept\": [1, 2.50, \"\\u00e9\"]}")
                .contains("{\"type\": \"thinking\", \"thinking\": \"Earlier thought.\", \"signature\": \"EqQBCkYIBRgCIkB0c2lnbmF0dXJl\"}");
    }

    @Test
    void sdkPlainAnswerKeepsEveryCacheBucketAndEachIsMeteredOnce() throws Exception {
        BEDROCK.on(INVOKE, json(200, Fixtures.text("messages/cached-response.json")));
        PrometheusText before = scrape();

        Message message = anthropic().messages().create(MessageCreateParams.builder().model(MODEL)
                .maxTokens(256).system("You summarise contracts.").addUserMessage("How long is the term?").build());

        assertThat(message.content().getLast().asText().text()).isEqualTo("The contract runs for two years.");
        assertThat(message.usage().cacheCreationInputTokens()).hasValue(2048L);
        assertThat(message.usage().cacheReadInputTokens()).hasValue(4096L);
        assertThat(message.usage().cacheCreation().orElseThrow().ephemeral1hInputTokens()).isEqualTo(1024L);
        JsonNode sent = Json.tree(BEDROCK.last().bodyText());
        assertThat(sent.has("model")).isFalse();
        assertThat(sent.get("system").asText()).isEqualTo("You summarise contracts.");
        assertThat(sent.get("anthropic_version").asText()).isEqualTo("bedrock-2023-05-31");
        Map<String, Double> buckets = Map.of("input", 6165.0, "cache_read", 4096.0, "cache_write_5m", 1024.0, "cache_write_1h", 1024.0,
                "output", 12.0);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            PrometheusText after = scrape();
            Map<String, String> requests = Map.of("model", MODEL, "provider", "bedrock", "status", "200");
            assertThat(after.value("gateway_requests_total", requests) - before.value("gateway_requests_total", requests)).isEqualTo(1.0);
            buckets.forEach((direction, count) -> {
                Map<String, String> labels = Map.of("model", MODEL, "provider", "bedrock", "direction", direction);
                assertThat(after.value("gateway_tokens_total", labels) - before.value("gateway_tokens_total", labels))
                        .as(direction).isEqualTo(count);
            });
        });
    }

    @Test
    void sdkStreamArrivesIncrementallyAsTheSameAnthropicEvents() {
        List<byte[]> frames = EventStreamFrames.chunksOf(Fixtures.text("anthropic/stream/upstream-stream.txt"));
        CountDownLatch firstDeltaSeen = new CountDownLatch(1);
        AtomicBoolean restHeldUntilClientSawFirst = new AtomicBoolean();
        int throughFirstDelta = 4; // message_start, content_block_start, ping, the first text_delta
        BEDROCK.on(INVOKE_STREAM, FakeUpstream.gatedStream(EventStreamFrames.CONTENT_TYPE, frames, throughFirstDelta,
                firstDeltaSeen, restHeldUntilClientSawFirst));

        StringBuilder text = new StringBuilder();
        List<Long> outputTokens = new ArrayList<>();
        MessageCreateParams params = MessageCreateParams.builder().model(MODEL).maxTokens(64)
                .addUserMessage("Say hello in three languages.").build();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic().messages().createStreaming(params)) {
            stream.stream().forEach(event -> {
                event.contentBlockDelta().ifPresent(d -> {
                    d.delta().text().ifPresent(t -> text.append(t.text()));
                    firstDeltaSeen.countDown();
                });
                event.messageDelta().ifPresent(d -> outputTokens.add(d.usage().outputTokens()));
            });
        }

        assertThat(text.toString()).isEqualTo("Bonjour, café ☕ — こんにちは, Привет 👋");
        assertThat(outputTokens).containsExactly(19L);
        assertThat(restHeldUntilClientSawFirst).as("the client got the first delta while Bedrock was still generating").isTrue();
        FakeUpstream.Received upstream = BEDROCK.last();
        assertThat(upstream.path()).isEqualTo(INVOKE_STREAM);
        assertThat(Json.tree(upstream.bodyText())).isEqualTo(expectedUpstream(
                "{\"max_tokens\":64,\"messages\":[{\"content\":\"Say hello in three languages.\",\"role\":\"user\"}],\"stream\":true}"));
    }

    @Test
    void bedrocksThrottlingIsARateLimitErrorInAnthropicsEnvelope() throws Exception {
        BEDROCK.on(INVOKE, json(429, "{\"message\":\"Too many requests, please wait before trying again.\"}",
                Map.of("x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/")));

        assertThatThrownBy(() -> anthropic().messages().create(MessageCreateParams.builder().model(MODEL).maxTokens(16)
                .addUserMessage("hi").build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> assertThat(e.getMessage()).contains("Too many requests"));
    }

    @Test
    void aThrottlingExceptionAfterTheFirstEventsEndsTheStreamWithAnErrorEvent() throws Exception {
        List<byte[]> frames = new ArrayList<>(EventStreamFrames.chunksOf(Fixtures.text("anthropic/stream/upstream-stream.txt")).subList(0, 4));
        frames.add(EventStreamFrames.exception("throttlingException", "{\"message\":\"Too many tokens, please wait.\"}"));
        BEDROCK.on(INVOKE_STREAM, FakeUpstream.stream(EventStreamFrames.CONTENT_TYPE, frames, 0));

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/messages"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json").header("x-api-key", "gateway-key")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\",\"max_tokens\":16,\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("event: message_start\n").contains("event: content_block_delta\n")
                .doesNotContain("event: message_stop");
        String last = response.body().substring(response.body().lastIndexOf("event: "));
        assertThat(last).startsWith("event: error\ndata: ");
        JsonNode error = Json.tree(last.substring(last.indexOf("data: ") + 6).strip());
        assertThat(error.at("/error/type").asText()).isEqualTo("rate_limit_error");
    }

    private PrometheusText scrape() throws Exception {
        return PrometheusText.parse(get("/actuator/prometheus").body());
    }
}
