package dev.llmgateway.core.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.core.providers.ModelResolver;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.Provider;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import dev.llmgateway.core.testing.JsonMatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The provider as the gateway builds it from its variables, over real HTTP to a loopback fake of the Messages API. */
class AnthropicProviderTest {
    private final FakeUpstream fake = new FakeUpstream();

    @AfterEach
    void close() {
        fake.close();
    }

    private Provider provider(Map<String, String> extra) {
        Map<String, String> vars = new HashMap<>(Map.of("ANTHROPIC_API_KEY", "sk-ant-fake", "ANTHROPIC_BASE_URL", fake.baseUrl()));
        vars.putAll(extra);
        Env env = Env.of(vars);
        return Catalogue.ANTHROPIC.create(env, UpstreamHttp.fromEnv(env));
    }

    @Test
    void bufferedCallSendsKeyVersionAndPathAndTranslatesTheAnswer() {
        fake.on("/v1/messages", FakeUpstream.json(200, Fixtures.text("anthropic/plain/upstream-response.json")));
        Completion completion = provider(Map.of()).complete(request("plain"), "claude-sonnet-4-5");

        FakeUpstream.Received received = fake.last();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.path()).isEqualTo("/v1/messages");
        assertThat(received.headers()).containsEntry("x-api-key", "sk-ant-fake").containsEntry("anthropic-version", "2023-06-01")
                .containsEntry("content-type", "application/json").doesNotContainKey("authorization");
        JsonMatch.assertMatches(Fixtures.text("anthropic/plain/upstream-request.json"), received.bodyText());
        JsonMatch.assertMatches(Fixtures.text("anthropic/plain/response.json"), new String(completion.body(), StandardCharsets.UTF_8));
        assertThat(completion.usage()).isEqualTo(Usage.of(21, 17));
    }

    @Test
    void streamedCallDeliversTheTranslatedChunksAsTheEventsArrive() throws Exception {
        fake.on("/v1/messages", FakeUpstream.stream("text/event-stream",
                FakeUpstream.events(Fixtures.text("anthropic/stream-cache/upstream-stream.txt"), "\n\n"), 5));
        List<String> chunks = new ArrayList<>();
        StreamResult result = provider(Map.of()).stream(request("stream-cache"), "claude-sonnet-4-5",
                json -> chunks.add(new String(json, StandardCharsets.UTF_8)));

        FakeUpstream.Received received = fake.last();
        assertThat(received.path()).isEqualTo("/v1/messages");
        assertThat(received.headers()).containsEntry("x-api-key", "sk-ant-fake").containsEntry("anthropic-version", "2023-06-01");
        assertThat(Json.tree(received.bodyText()).path("stream").asBoolean()).isTrue();
        List<String> expected = Fixtures.text("anthropic/stream-cache/chunks.jsonl").lines().filter(l -> !l.isBlank()).toList();
        assertThat(chunks).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) JsonMatch.assertMatches(expected.get(i), chunks.get(i));
        assertThat(result.usage()).isEqualTo(Usage.builder().input(12).cacheRead(1800).cacheWrite5m(248).output(40).build());
    }

    @Test
    void rateLimitOverHttpKeepsStatusAndRetryAfter() {
        fake.on("/v1/messages", FakeUpstream.json(429, Fixtures.text("anthropic/errors/rate-limit.json"),
                Map.of("retry-after", "17")));
        assertThatThrownBy(() -> provider(Map.of()).complete(request("plain"), "claude-sonnet-4-5"))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(17));
                    assertThat(e.getMessage()).contains("rate limit");
                });
        assertThatThrownBy(() -> provider(Map.of()).stream(request("stream-cache"), "claude-sonnet-4-5", json -> { }))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(429));
    }

    @Test
    void defaultMaxTokensAndBaseUrlWithV1AreConfigurable() {
        fake.on("/v1/messages", FakeUpstream.json(200, Fixtures.text("anthropic/plain/upstream-response.json")));
        provider(Map.of("ANTHROPIC_DEFAULT_MAX_TOKENS", "2048", "ANTHROPIC_BASE_URL", fake.baseUrl() + "/v1/"))
                .complete(request("multi-turn"), "claude-haiku-4-5");
        assertThat(fake.last().path()).isEqualTo("/v1/messages");
        assertThat(Json.tree(fake.last().bodyText()).path("max_tokens").asInt()).isEqualTo(2048);
        assertThatThrownBy(() -> provider(Map.of("ANTHROPIC_DEFAULT_MAX_TOKENS", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ANTHROPIC_DEFAULT_MAX_TOKENS");
    }

    @Test
    void enabledByItsKeyAndAdvertisesConfigurableModels() {
        Env none = Env.of(Map.of());
        assertThat(Catalogue.ANTHROPIC.create(none, UpstreamHttp.fromEnv(none))).isNull();
        assertThat(provider(Map.of()).models()).containsExactlyElementsOf(Catalogue.ANTHROPIC.defaultModels());
        assertThat(provider(Map.of("ANTHROPIC_MODELS", "claude-a, claude-b")).models()).containsExactly("claude-a", "claude-b");
    }

    @Test
    void claudeNamesAndAnthropicPrefixRouteHere() {
        Env env = Env.of(Map.of("ANTHROPIC_API_KEY", "k", "GATEWAY_MODE", "deployed"));
        ModelResolver resolver = Catalogue.fromEnv(env, UpstreamHttp.fromEnv(env));
        assertThat(resolver.resolve("claude-sonnet-4-5").provider().name()).isEqualTo("anthropic");
        assertThat(resolver.resolve("claude-sonnet-4-5").model()).isEqualTo("claude-sonnet-4-5");
        assertThat(resolver.resolve("anthropic/my-proxy-model").model()).isEqualTo("my-proxy-model");

        Env off = Env.of(Map.of("GATEWAY_MODE", "deployed"));
        assertThatThrownBy(() -> Catalogue.fromEnv(off, UpstreamHttp.fromEnv(off)).resolve("claude-haiku-4-5"))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.getMessage()).contains("ANTHROPIC_API_KEY"));
    }

    private static ChatRequest request(String testCase) {
        return ChatRequest.parse(Fixtures.bytes("anthropic/" + testCase + "/request.json"));
    }
}
