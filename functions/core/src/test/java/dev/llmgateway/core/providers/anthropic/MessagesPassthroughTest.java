package dev.llmgateway.core.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.MessagesRequest;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.MessagesApi;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.spi.TokenCounter;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Inbound Messages passed through the Anthropic provider over real HTTP to a loopback fake. */
class MessagesPassthroughTest {
    private final FakeUpstream fake = new FakeUpstream();

    @AfterEach
    void close() {
        fake.close();
    }

    private MessagesApi provider() {
        Env env = Env.of(Map.of("ANTHROPIC_API_KEY", "sk-ant-fake", "ANTHROPIC_BASE_URL", fake.baseUrl()));
        return (MessagesApi) Catalogue.ANTHROPIC.create(env, UpstreamHttp.fromEnv(env));
    }

    private static MessagesRequest request(boolean stream) {
        return MessagesRequest.parse(("{\"model\":\"anthropic/claude-opus-4-8\",\"max_tokens\":64,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").getBytes(StandardCharsets.UTF_8), Map.of());
    }

    @Test
    void bufferedUsageCountsEveryBucketOnce() {
        fake.on("/v1/messages", FakeUpstream.json(200, Fixtures.text("messages/cached-response.json")));

        Completion completion = provider().messages(request(false), "claude-opus-4-8");

        // input 21, cache writes 2048 (5m 1024 + 1h 1024, each counted once, in its own bucket), cache reads 4096
        assertThat(completion.usage()).isEqualTo(Usage.builder().input(21).cacheWrite5m(1024).cacheWrite1h(1024)
                .cacheRead(4096).output(12).build());
        assertThat(completion.usage().promptTokens()).isEqualTo(21 + 2048 + 4096);
        assertThat(new String(completion.body(), StandardCharsets.UTF_8)).isEqualTo(Fixtures.text("messages/cached-response.json"));
        assertThat(fake.last().headers()).containsEntry("anthropic-version", "2023-06-01");
    }

    @Test
    void cacheWritesReportedOnlyAsTheSplitAreCounted() {
        fake.on("/v1/messages", FakeUpstream.json(200, "{\"type\":\"message\",\"content\":[],\"usage\":{\"input_tokens\":0,"
                + "\"cache_creation\":{\"ephemeral_5m_input_tokens\":10,\"ephemeral_1h_input_tokens\":30},\"output_tokens\":2}}"));

        assertThat(provider().messages(request(false), "m").usage())
                .isEqualTo(Usage.builder().cacheWrite5m(10).cacheWrite1h(30).output(2).build());
    }

    @Test
    void streamIsRelayedUnchangedWhenTheUpstreamSendsItByteByByte() throws Exception {
        String upstream = Fixtures.text("anthropic/stream/upstream-stream.txt");
        byte[] bytes = upstream.getBytes(StandardCharsets.UTF_8);
        List<byte[]> parts = new ArrayList<>();
        for (byte b : bytes) parts.add(new byte[] {b});
        fake.on("/v1/messages", FakeUpstream.stream("text/event-stream", parts, 0));
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        List<Integer> events = new ArrayList<>();

        StreamResult result = provider().streamMessages(request(true), "claude-opus-4-8", event -> {
            events.add(event.length);
            client.writeBytes(event);
        });

        assertThat(client.toString(StandardCharsets.UTF_8)).isEqualTo(upstream.strip() + "\n\n");
        assertThat(events).hasSize(9);
        assertThat(result.usage()).isEqualTo(Usage.of(14, 19, 0));
        assertThat(result.finishReason()).isEqualTo("end_turn");
        assertThat(fake.last().bodyText()).contains("\"model\":\"claude-opus-4-8\"");
    }

    @Test
    void anUpstreamErrorEventIsRaisedAndAStreamWithoutMessageStopIsAFailure() {
        fake.on("/v1/messages", FakeUpstream.stream("text/event-stream",
                FakeUpstream.events(Fixtures.text("anthropic/stream-error/upstream-stream.txt"), "\n\n"), 0));
        assertThatThrownBy(() -> provider().streamMessages(request(true), "m", event -> {}))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.getMessage()).contains("Overloaded"));

        fake.on("/v1/messages", FakeUpstream.stream("text/event-stream",
                FakeUpstream.events(Fixtures.text("anthropic/stream-truncated/upstream-stream.txt"), "\n\n"), 0));
        assertThatThrownBy(() -> provider().streamMessages(request(true), "m", event -> {}))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(502));
    }

    @Test
    void clientVersionAndBetaHeadersArePassedOn() {
        fake.on("/v1/messages/count_tokens", FakeUpstream.json(200, "{\"input_tokens\":7}"));
        MessagesRequest request = MessagesRequest.parseCount("{\"model\":\"m\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8),
                Map.of("anthropic-version", "2023-01-01", "anthropic-beta", "token-counting-2024-11-01"));

        Completion counted = ((TokenCounter) provider()).countTokens(request, "m");

        assertThat(new String(counted.body(), StandardCharsets.UTF_8)).isEqualTo("{\"input_tokens\":7}");
        assertThat(counted.usage()).isNull();
        assertThat(fake.last().headers()).containsEntry("anthropic-version", "2023-01-01")
                .containsEntry("anthropic-beta", "token-counting-2024-11-01").containsEntry("x-api-key", "sk-ant-fake");
    }
}
