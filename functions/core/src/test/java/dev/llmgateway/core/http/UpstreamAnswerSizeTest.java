package dev.llmgateway.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.Provider;
import dev.llmgateway.core.testing.FakeUpstream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A buffered upstream answer is bounded by UPSTREAM_MAX_RESPONSE_BYTES: above it, a 502 that names
 * the limit, with the upstream cut off instead of read to its end; below it, any answer parses,
 * including strings longer than Jackson's default 20M-character limit.
 */
class UpstreamAnswerSizeTest {
    private static final ChatRequest HELLO = ChatRequest.parse(
            "{\"model\":\"ollama/m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8));
    private final FakeUpstream fake = new FakeUpstream();

    @AfterEach
    void stop() {
        fake.close();
    }

    private Provider ollama(long maxResponseBytes) {
        Env env = Env.of(Map.of("OLLAMA_BASE_URL", fake.baseUrl(), "UPSTREAM_MAX_RESPONSE_BYTES", Long.toString(maxResponseBytes)));
        return Catalogue.OLLAMA_NATIVE.create(env, UpstreamHttp.fromEnv(env));
    }

    private static String answer(String content) {
        return "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"},\"done\":true,"
                + "\"done_reason\":\"stop\",\"prompt_eval_count\":1,\"eval_count\":1}";
    }

    @Test
    void anAnswerDeclaredOverTheLimitIs502NamingIt() {
        fake.on("/api/chat", FakeUpstream.json(200, answer("x".repeat(2048))));
        assertThatThrownBy(() -> ollama(1024).complete(HELLO, "m")).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).isEqualTo("upstream_response_too_large");
            assertThat(e.getMessage()).contains("1024 bytes").contains("UPSTREAM_MAX_RESPONSE_BYTES");
        });
    }

    @Test
    void anUndeclaredAnswerThatGrowsPastTheLimitIsCutOff() throws Exception {
        CountDownLatch cutOff = new CountDownLatch(1);
        AtomicLong sent = new AtomicLong();
        fake.on("/api/chat", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0); // chunked: no length to refuse up front
            OutputStream out = exchange.getResponseBody();
            byte[] piece = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 16 * 1024; i++) { // up to 1 GiB, unless the reader stops it
                    out.write(piece);
                    out.flush();
                    sent.addAndGet(piece.length);
                }
            } catch (IOException e) {
                cutOff.countDown();
            }
        });
        assertThatThrownBy(() -> ollama(1024 * 1024).complete(HELLO, "m")).isInstanceOfSatisfying(GatewayError.class,
                e -> assertThat(e.code()).isEqualTo("upstream_response_too_large"));
        assertThat(cutOff.await(10, TimeUnit.SECONDS)).as("the upstream was cut off").isTrue();
        assertThat(sent.get()).as("bytes the fake managed to send").isLessThan(64L * 1024 * 1024);
    }

    @Test
    void anAnswerWithAStringOverJacksonsDefaultLimitParses() {
        int length = 21_000_000;
        fake.on("/api/chat", FakeUpstream.json(200, answer("y".repeat(length))));
        Completion completion = ollama(32L * 1024 * 1024).complete(HELLO, "m");
        assertThat(completion.body().length).isGreaterThan(length);
    }
}
