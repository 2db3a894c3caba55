package dev.llmgateway.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.providers.Catalogue;
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
}
