package dev.llmgateway.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Where a stream's inline remote-write push sits on Lambda, proven by order rather than by time: the
 * receiver holds the push until the client has read {@code data: [DONE]}, so the last event was
 * flushed before the push (no delay to any token); and the client's body ends only after the push
 * was answered, so it completed inside the invocation, before the chunked body's terminator.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class StreamEndPushE2eTest extends GatewayE2eTest {
    private static final String WRITE = "/api/v1/write";
    private static final FakeUpstream RECEIVER = new FakeUpstream();
    private static final CountDownLatch CLIENT_READ_DONE = new CountDownLatch(1);
    private static final AtomicBoolean HELD_UNTIL_CLIENT_READ_DONE = new AtomicBoolean();
    private static final AtomicBoolean ANSWERED = new AtomicBoolean();

    @DynamicPropertySource
    static void onLambdaWithRemoteWrite(DynamicPropertyRegistry registry) {
        registry.add("AWS_LAMBDA_FUNCTION_NAME", () -> "llm-gateway-test");
        registry.add("GATEWAY_AUTH", () -> "open");
        registry.add("PROMETHEUS_REMOTE_WRITE_URL", () -> RECEIVER.baseUrl() + WRITE);
        registry.add("PROMETHEUS_REMOTE_WRITE_INTERVAL_SECONDS", () -> "0");
        registry.add("OLLAMA_ENABLED", () -> "true"); // off by default on Lambda
    }

    @AfterAll
    static void stop() {
        RECEIVER.close();
    }

    @Test
    void thePushFollowsTheLastEventAndPrecedesTheEndOfTheBody() throws Exception {
        RECEIVER.on(WRITE, exchange -> {
            HELD_UNTIL_CLIENT_READ_DONE.set(CLIENT_READ_DONE.await(10, TimeUnit.SECONDS));
            ANSWERED.set(true);
            FakeUpstream.json(204, "").answer(exchange);
        });
        OLLAMA.on("/api/chat", FakeUpstream.stream("application/x-ndjson",
                FakeUpstream.events(Fixtures.text("ollama/stream/upstream-stream.txt"), "\n"), 0));

        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl()
                        + "/v1/chat/completions")).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"ollama/llama3.2\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        boolean answeredAtEnd;
        try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = body.readLine()) != null && !line.equals("data: [DONE]")) {
                // events before the last
            }
            assertThat(line).isEqualTo("data: [DONE]");
            CLIENT_READ_DONE.countDown();
            while (body.readLine() != null) {
                // the blank line after [DONE], then the end of the body
            }
            answeredAtEnd = ANSWERED.get();
        }

        assertThat(HELD_UNTIL_CLIENT_READ_DONE).as("[DONE] reached the client while the push waited").isTrue();
        assertThat(answeredAtEnd).as("the body ended only after the push was answered").isTrue();
    }
}
