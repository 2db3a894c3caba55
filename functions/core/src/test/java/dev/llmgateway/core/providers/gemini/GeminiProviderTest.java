package dev.llmgateway.core.providers.gemini;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Gemini provider over real HTTP, through the shared {@code HttpProvider}, against a loopback fake. */
class GeminiProviderTest {
    private static final String KEY = "test-gemini-key";

    private final FakeUpstream upstream = new FakeUpstream();
    private final UpstreamHttp http = UpstreamHttp.fromEnv(Env.of(Map.of()));
    private final ModelResolver resolver = Catalogue.fromEnv(
            Env.of(Map.of("GEMINI_API_KEY", KEY, "GEMINI_BASE_URL", upstream.baseUrl() + "/")), http);

    @AfterEach
    void close() {
        upstream.close();
    }

    @Test
    void bareAndPrefixedNamesRouteToGeminiAndDefaultsAreAdvertised() {
        assertThat(resolver.resolve("gemini-2.5-flash").provider().name()).isEqualTo("gemini");
        ModelResolver.Target prefixed = resolver.resolve("gemini/gemini-3.5-flash");
        assertThat(prefixed.provider().name()).isEqualTo("gemini");
        assertThat(prefixed.model()).isEqualTo("gemini-3.5-flash");
        assertThat(prefixed.provider().models()).contains("gemini-3.5-flash", "gemini-2.5-pro");
    }

    @Test
    void withoutAKeyTheProviderIsOffAndItsModelsSaySoWhichVariableToSet() {
        ModelResolver off = Catalogue.fromEnv(Env.of(Map.of()), http);
        assertThatThrownBy(() -> off.resolve("gemini-2.5-flash"))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.getMessage()).contains("GEMINI_API_KEY"));
    }

    @Test
    void bufferedCallSendsTheKeyAsAHeaderToTheModelPath() {
        upstream.on("/v1beta/models/gemini-2.5-flash:generateContent",
                FakeUpstream.json(200, Fixtures.text("gemini/plain/upstream-response.json")));
        Provider gemini = resolver.resolve("gemini-2.5-flash").provider();

        Completion completion = gemini.complete(fixtureRequest("plain"), "gemini-2.5-flash");

        FakeUpstream.Received received = upstream.last();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.headers()).containsEntry("x-goog-api-key", KEY);
        assertThat(received.query()).isNull(); // the key is never in the URL
        JsonMatch.assertMatches(Fixtures.text("gemini/plain/upstream-request.json"), received.bodyText());
        JsonMatch.assertMatches(Fixtures.text("gemini/plain/response.json"), new String(completion.body(), StandardCharsets.UTF_8));
        assertThat(completion.usage()).isEqualTo(Usage.builder().input(8).output(32).reasoning(22).build());
    }

    @Test
    void streamedCallAsksForSseAndTranslatesEventsAsTheyArrive() throws Exception {
        upstream.on("/v1beta/models/gemini-2.5-flash:streamGenerateContent", FakeUpstream.stream("text/event-stream",
                FakeUpstream.events(Fixtures.text("gemini/stream/upstream-stream.txt"), "\r\n\r\n"), 5));
        Provider gemini = resolver.resolve("gemini-2.5-flash").provider();
        List<String> chunks = new ArrayList<>();

        StreamResult result = gemini.stream(fixtureRequest("stream"), "gemini-2.5-flash",
                json -> chunks.add(new String(json, StandardCharsets.UTF_8)));

        FakeUpstream.Received received = upstream.last();
        assertThat(received.query()).isEqualTo("alt=sse");
        assertThat(received.headers()).containsEntry("x-goog-api-key", KEY);
        List<String> expected = Fixtures.text("gemini/stream/chunks.jsonl").lines().filter(l -> !l.isBlank()).toList();
        assertThat(chunks).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) JsonMatch.assertMatches(expected.get(i), chunks.get(i));
        assertThat(result.usage()).isEqualTo(Usage.builder().input(11).output(24).reasoning(15).build());
        assertThat(result.finishReason()).isEqualTo("stop");
    }

    @Test
    void upstreamRateLimitReachesTheCallerWithRetryAfter() {
        upstream.on("/v1beta/models/gemini-2.5-flash:generateContent", FakeUpstream.json(429,
                "{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted\",\"status\":\"RESOURCE_EXHAUSTED\"}}",
                Map.of("Retry-After", "9")));
        Provider gemini = resolver.resolve("gemini-2.5-flash").provider();
        assertThatThrownBy(() -> gemini.complete(fixtureRequest("plain"), "gemini-2.5-flash"))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(9));
                });
    }

    @Test
    void aStreamCutOffBeforeItsFinishReasonFailsInsteadOfEndingQuietly() {
        String whole = Fixtures.text("gemini/stream/upstream-stream.txt");
        String cut = whole.substring(0, whole.lastIndexOf("data: ")); // the last event carries the finish reason
        upstream.on("/v1beta/models/gemini-2.5-flash:streamGenerateContent",
                FakeUpstream.stream("text/event-stream", FakeUpstream.events(cut, "\r\n\r\n"), 0));
        Provider gemini = resolver.resolve("gemini-2.5-flash").provider();
        List<String> chunks = new ArrayList<>();
        assertThatThrownBy(() -> gemini.stream(fixtureRequest("stream"), "gemini-2.5-flash",
                json -> chunks.add(new String(json, StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.getMessage()).contains("ended before it was complete"));
        assertThat(chunks).hasSize(2).noneMatch(c -> Json.tree(c).path("choices").path(0).path("finish_reason").isTextual());
    }

    private static ChatRequest fixtureRequest(String testCase) {
        return ChatRequest.parse(Fixtures.bytes("gemini/" + testCase + "/request.json"));
    }
}
