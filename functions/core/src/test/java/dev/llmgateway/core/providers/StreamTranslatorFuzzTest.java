package dev.llmgateway.core.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.Provider;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import dev.llmgateway.core.testing.FuzzBudget;
import dev.llmgateway.core.testing.JsonFuzz;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Every HTTP provider's stream path (decoder, translator, and the transport's error mapping) on broken
 * upstream streams: the recorded golden streams with events dropped, repeated, truncated or with JSON
 * values replaced, sent by a loopback fake in pieces cut at random places. The client must get
 * well-formed OpenAI chunks and a finished stream, or a {@link GatewayError}; any other exception
 * would end the client's stream without an error event.
 */
@AddLifecycleHook(FuzzBudget.class)
class StreamTranslatorFuzzTest {
    record Case(String provider, String fixture, String model, String path, String contentType) {
        @Override
        public String toString() {
            return provider + "/" + fixture;
        }
    }

    private static final FakeUpstream FAKE = new FakeUpstream();
    private static final Env ENV = Env.of(Map.of(
            "OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", FAKE.baseUrl() + "/v1",
            "ANTHROPIC_API_KEY", "sk-ant-test", "ANTHROPIC_BASE_URL", FAKE.baseUrl(),
            "GEMINI_API_KEY", "g-test", "GEMINI_BASE_URL", FAKE.baseUrl(),
            "OLLAMA_BASE_URL", FAKE.baseUrl(), "UPSTREAM_STREAM_IDLE_TIMEOUT_MS", "5000"));
    private static final UpstreamHttp HTTP = UpstreamHttp.fromEnv(ENV);
    private static final Map<String, Provider> PROVIDERS = Map.of(
            "anthropic", Catalogue.ANTHROPIC.create(ENV, HTTP),
            "gemini", Catalogue.GEMINI_API.create(ENV, HTTP),
            "openai", Catalogue.OPENAI.create(ENV, HTTP),
            "ollama", Catalogue.OLLAMA_NATIVE.create(ENV, HTTP));
    private static final String SSE = "text/event-stream";

    private static final List<Case> CASES = List.of(
            new Case("anthropic", "tools-stream", "claude-sonnet-4-5", "/v1/messages", SSE),
            new Case("anthropic", "stream", "claude-sonnet-4-5", "/v1/messages", SSE),
            new Case("anthropic", "json-schema-tool-stream", "claude-sonnet-4-5", "/v1/messages", SSE),
            new Case("gemini", "stream", "gemini-2.5-flash", "/v1beta/models/gemini-2.5-flash:streamGenerateContent", SSE),
            new Case("gemini", "tools-stream", "gemini-2.5-flash", "/v1beta/models/gemini-2.5-flash:streamGenerateContent", SSE),
            new Case("openai", "stream", "gpt-4o-mini", "/v1/chat/completions", SSE),
            new Case("ollama", "stream", "llama3.2", "/api/chat", "application/x-ndjson"));

    @AfterContainer
    static void stop() {
        FAKE.close();
    }

    @Property(tries = 200)
    void brokenStreamsGiveValidChunksOrAGatewayError(@ForAll("cases") Case c, @ForAll long seed) throws IOException {
        Random random = new Random(seed);
        String original = Fixtures.text(c.provider() + "/" + c.fixture() + "/upstream-stream.txt");
        byte[] stream = damage(original, !c.contentType().equals(SSE) ? "\n" : "\n\n", random).getBytes(StandardCharsets.UTF_8);
        int[] cuts = random.ints(random.nextInt(8), 0, stream.length + 1).sorted().toArray();
        List<byte[]> parts = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            parts.add(Arrays.copyOfRange(stream, from, cut));
            from = cut;
        }
        parts.add(Arrays.copyOfRange(stream, from, stream.length));
        FAKE.on(c.path(), FakeUpstream.stream(c.contentType(), parts, 0));

        ChatRequest request = ChatRequest.parse(Fixtures.bytes(c.provider() + "/" + c.fixture() + "/request.json"));
        List<byte[]> chunks = new ArrayList<>();
        try {
            StreamResult result = PROVIDERS.get(c.provider()).stream(request, c.model(), chunks::add);
            assertThat(result).isNotNull();
        } catch (GatewayError e) {
            assertThat(e.status()).as(e.getMessage()).isBetween(400, 599);
        }
        for (byte[] chunk : chunks) {
            // OpenAI's chunks are passed through as they come, unchecked: a malformed one reaches the client.
            if (c.provider().equals("openai")) continue;
            JsonNode json = Json.tree(chunk, "chunk");
            assertThat(json.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(json.path("choices").isArray()).as(json.toString()).isTrue();
            assertThat(json.path("id").asText()).isNotEmpty();
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.of(CASES);
    }

    /** Events (separated by {@code separator}) are dropped, repeated, cut short or have a JSON value changed. */
    static String damage(String stream, String separator, Random random) {
        List<String> events = new ArrayList<>(Arrays.asList(stream.split(separator)));
        int changes = 1 + random.nextInt(4);
        for (int i = 0; i < changes && !events.isEmpty(); i++) {
            int at = random.nextInt(events.size());
            String event = events.get(at);
            switch (random.nextInt(5)) {
                case 0 -> events.remove(at);
                case 1 -> events.add(at, event);
                case 2 -> events.set(at, event.substring(0, random.nextInt(event.length() + 1)));
                default -> events.set(at, changeJson(event, random));
            }
        }
        return String.join(separator, events) + (random.nextBoolean() ? separator : "");
    }

    private static String changeJson(String event, Random random) {
        int start = event.indexOf('{');
        if (start < 0) return event;
        try {
            JsonNode json = Json.tree(event.substring(start));
            return event.substring(0, start) + JsonFuzz.mutate(json, random).toString();
        } catch (RuntimeException notJson) {
            return event;
        }
    }
}
