package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.testing.EventStreamFrames;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** /v1/messages under keys and budgets: the Anthropic SDK's x-api-key, every token bucket counted once. */
class MessagesBudgetE2eTest extends TenantE2eTest {
    private static final String PATH = "/v1/messages";

    private AnthropicClient anthropic(String key) {
        return AnthropicOkHttpClient.builder().baseUrl("http://localhost:" + port).apiKey(key).maxRetries(0).build();
    }

    private static MessageCreateParams hello(long maxTokens) {
        return MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(maxTokens).addUserMessage("Hello").build();
    }

    @Test
    void theSdksXApiKeySelectsTheTenantAndEveryBucketIsChargedOnce() throws Exception {
        String key = tenantWithKey("claude-user", "{\"tokens_per_day\":100000}");
        ANTHROPIC.on(PATH, json(200, Fixtures.text("messages/cached-response.json")));

        anthropic(key).messages().create(hello(256));

        JsonNode day = adminOk("GET", "/admin/tenants/claude-user/usage", null).get("day");
        assertThat(day.get("tokens").asLong()).as("input 21 + cache writes 2048 + cache reads 4096 + output 12").isEqualTo(6177);
        assertThat(day.get("requests").asLong()).isEqualTo(1);
    }

    @Test
    void claudeOnBedrockChargesEveryBucketOnceBufferedAndStreamed() throws Exception {
        String key = tenantWithKey("claude-on-bedrock", "{\"tokens_per_day\":100000}");
        String model = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
        BEDROCK.on("/model/" + model + "/invoke", json(200, Fixtures.text("messages/cached-response.json")));
        BEDROCK.on("/model/" + model + "/invoke-with-response-stream", FakeUpstream.stream(EventStreamFrames.CONTENT_TYPE,
                EventStreamFrames.chunksOf(Fixtures.text("anthropic/stream/upstream-stream.txt")), 0));
        MessageCreateParams params = MessageCreateParams.builder().model("bedrock/" + model).maxTokens(256).addUserMessage("Hello").build();

        anthropic(key).messages().create(params);
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic(key).messages().createStreaming(params)) {
            stream.stream().forEach(event -> {});
        }

        JsonNode day = adminOk("GET", "/admin/tenants/claude-on-bedrock/usage", null).get("day");
        assertThat(day.get("tokens").asLong()).as("6177 buffered (every cache bucket) + 33 streamed").isEqualTo(6177 + 33);
        assertThat(day.get("requests").asLong()).isEqualTo(2);
    }

    @Test
    void aStreamIsSettledToItsFinalUsage() throws Exception {
        String key = tenantWithKey("claude-streamer", "{\"tokens_per_day\":100000}");
        ANTHROPIC.on(PATH, FakeUpstream.stream("text/event-stream",
                FakeUpstream.events(Fixtures.text("anthropic/stream/upstream-stream.txt"), "\n\n"), 0));

        try (StreamResponse<RawMessageStreamEvent> stream = anthropic(key).messages().createStreaming(hello(64))) {
            stream.stream().forEach(event -> {});
        }

        JsonNode day = adminOk("GET", "/admin/tenants/claude-streamer/usage", null).get("day");
        assertThat(day.get("tokens").asLong()).as("14 input + 19 output from message_start and message_delta").isEqualTo(33);
        assertThat(day.get("requests").asLong()).isEqualTo(1);
    }

    /** The stream's receipt comment after message_stop: 14 input x 3 + 19 output x 15 micro-USD (claude-sonnet-4-5). */
    @Test
    void aStreamEndsWithTheReceiptOfWhatTheBudgetWasCharged() throws Exception {
        String key = tenantWithKey("claude-receipt", "{\"usd_per_day\":10}");
        ANTHROPIC.on(PATH, FakeUpstream.stream("text/event-stream",
                FakeUpstream.events(Fixtures.text("anthropic/stream/upstream-stream.txt"), "\n\n"), 0));

        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(baseUrl() + PATH)).header("x-api-key", key).header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).contains("event: message_stop").endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
                + ": X-Gateway-Cost-USD: 0.000327\n\n");
        assertThat(adminOk("GET", "/admin/tenants/claude-receipt/usage", null).at("/day/usd").decimalValue()).isEqualByComparingTo("0.000327");
    }

    @Test
    void aWrongKeyIsAnAuthenticationErrorAndASpentBudgetARateLimitError() throws Exception {
        assertThatThrownBy(() -> anthropic("sk-gw-not-a-key").messages().create(hello(16)))
                .isInstanceOf(UnauthorizedException.class);

        String key = tenantWithKey("claude-capped", "{\"tokens_per_day\":100}");
        assertThatThrownBy(() -> anthropic(key).messages().create(hello(500)))
                .isInstanceOfSatisfying(RateLimitException.class, e -> assertThat(e.getMessage()).contains("Budget exceeded"));
        assertThat(adminOk("GET", "/admin/tenants/claude-capped/usage", null).at("/day/tokens").asLong()).isZero();
    }
}
