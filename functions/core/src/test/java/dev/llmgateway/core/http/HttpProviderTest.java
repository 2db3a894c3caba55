package dev.llmgateway.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import dev.llmgateway.core.providers.Catalogue;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.spi.Provider;
import dev.llmgateway.core.testing.FakeUpstream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shared transport: failures map to 502/504, silence is cut, and a vanished client cancels the upstream. */
class HttpProviderTest {
    private final FakeUpstream fake = new FakeUpstream();
    private static final ChatRequest HELLO = ChatRequest.parse(
            "{\"model\":\"ollama/m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8));

    @AfterEach
    void stop() {
        fake.close();
    }

    private static Provider ollama(String baseUrl, Map<String, String> extra) {
        Map<String, String> vars = new java.util.HashMap<>(extra);
        vars.put("OLLAMA_BASE_URL", baseUrl);
        Env env = Env.of(vars);
        return Catalogue.OLLAMA_NATIVE.create(env, UpstreamHttp.fromEnv(env));
    }

    @Test
    void unreachableUpstreamIs502NamingItsOrigin() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Provider provider = ollama("http://127.0.0.1:" + closedPort, Map.of());
        assertThatThrownBy(() -> provider.complete(HELLO, "m")).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).isEqualTo("upstream_unavailable");
            assertThat(e.getMessage()).contains("127.0.0.1:" + closedPort);
            assertThat(e.isUpstream()).isTrue();
        });
    }

    @Test
    void slowBufferedAnswerIs504AfterTheRequestTimeout() {
        fake.on("/api/chat", exchange -> TimeUnit.SECONDS.sleep(5));
        Provider provider = ollama(fake.baseUrl(), Map.of("UPSTREAM_TIMEOUT_MS", "300"));
        long start = System.nanoTime();
        assertThatThrownBy(() -> provider.complete(HELLO, "m")).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(504);
            assertThat(e.code()).isEqualTo("upstream_timeout");
        });
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(4000);
    }

    @Test
    void silentStreamIs504AfterTheIdleTimeout() {
        fake.on("/api/chat", FakeUpstream.stall("application/x-ndjson",
                "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"done\":false}\n", 5000));
        Provider provider = ollama(fake.baseUrl(), Map.of("UPSTREAM_STREAM_IDLE_TIMEOUT_MS", "300"));
        List<String> chunks = new ArrayList<>();
        assertThatThrownBy(() -> provider.stream(HELLO, "m", json -> chunks.add(new String(json, StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(504));
        assertThat(chunks).hasSize(1);
    }

    @Test
    void clientGoneCancelsTheUpstreamStream() throws Exception {
        CountDownLatch upstreamSawClose = new CountDownLatch(1);
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.add(("{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"t" + i + "\"},\"done\":false}\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        fake.on("/api/chat", exchange -> {
            try {
                FakeUpstream.stream("application/x-ndjson", lines, 50).answer(exchange);
            } catch (IOException e) {
                upstreamSawClose.countDown();
            }
        });
        Provider provider = ollama(fake.baseUrl(), Map.of());
        assertThatThrownBy(() -> provider.stream(HELLO, "m", json -> {
            throw new IOException("client went away");
        })).isInstanceOf(IOException.class);
        assertThat(upstreamSawClose.await(4, TimeUnit.SECONDS)).as("upstream connection closed well before its 5 s stream ended").isTrue();
    }

    @Test
    void nonSuccessStatusIsMappedByTheTranslator() {
        fake.on("/api/chat", FakeUpstream.json(500, "{\"error\":\"llama runner process has terminated\"}"));
        assertThatThrownBy(() -> ollama(fake.baseUrl(), Map.of()).complete(HELLO, "m"))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.getMessage()).contains("llama runner process has terminated");
                });
    }

    /** A 200 whose body is not the JSON the provider documents is the provider's fault: 502, never a 200 or a 500. */
    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
            "openai    | /v1/chat/completions                          | {\"id\":\"chatcmpl-1\",\"choices\":[",
            "openai    | /v1/chat/completions                          | <html>Bad gateway</html>",
            "anthropic | /v1/messages                                  | {\"id\":\"msg_1\",\"content\":[",
            "anthropic | /v1/messages                                  | <html>Bad gateway</html>",
            "gemini    | /v1beta/models/gemini-2.5-flash:generateContent | {\"candidates\":[{\"content\":",
            "gemini    | /v1beta/models/gemini-2.5-flash:generateContent | <html>Bad gateway</html>",
            "ollama    | /api/chat                                     | {\"model\":\"m\",\"message\":{",
            "ollama    | /api/chat                                     | <html>Bad gateway</html>",
    })
    void anUnparseable200BodyIs502NamingTheProvider(String name, String path, String body) {
        fake.on(path, FakeUpstream.json(200, body));
        Map<String, String> vars = Map.of(
                "OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", fake.baseUrl() + "/v1",
                "ANTHROPIC_API_KEY", "sk-ant-test", "ANTHROPIC_BASE_URL", fake.baseUrl(),
                "GEMINI_API_KEY", "g-test", "GEMINI_BASE_URL", fake.baseUrl(),
                "OLLAMA_BASE_URL", fake.baseUrl());
        Env env = Env.of(vars);
        var row = switch (name) {
            case "openai" -> Catalogue.OPENAI;
            case "anthropic" -> Catalogue.ANTHROPIC;
            case "gemini" -> Catalogue.GEMINI_API;
            default -> Catalogue.OLLAMA_NATIVE;
        };
        Provider provider = row.create(env, UpstreamHttp.fromEnv(env));
        String model = name.equals("gemini") ? "gemini-2.5-flash" : "m";
        assertThatThrownBy(() -> provider.complete(HELLO, model)).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).isEqualTo("upstream_unavailable");
            assertThat(e.getMessage()).contains("'" + name + "'").contains("could not parse");
            assertThat(e.isUpstream()).isTrue();
        });
        assertThat(fake.received()).hasSize(1);
    }
}
