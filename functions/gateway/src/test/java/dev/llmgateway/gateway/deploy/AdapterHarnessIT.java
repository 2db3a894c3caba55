package dev.llmgateway.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged zip the way the Lambda Web Adapter does on Lambda: unpacked into a task root,
 * started by the layer's bootstrap line ({@code exec -- "${LAMBDA_TASK_ROOT}/${_HANDLER}"}) with
 * the template's adapter variables, polled on the readiness path, then sent requests on PORT.
 * The provider is a loopback fake Ollama that pauses between NDJSON lines.
 */
class AdapterHarnessIT {
    private static final long GAP_MILLIS = 1_500;

    @TempDir
    static Path taskRoot;

    static FakeUpstream ollama;
    static Process app;
    static int port;
    static final AtomicLong upstreamFinished = new AtomicLong();
    static final Path log = Path.of("target/adapter-harness-app.log").toAbsolutePath();

    @BeforeAll
    static void start() throws Exception {
        ollama = new FakeUpstream();
        List<byte[]> lines = FakeUpstream.events(Fixtures.text("ollama/stream/upstream-stream.txt"), "\n");
        FakeUpstream.Script stream = ollama.stream("application/x-ndjson", lines, GAP_MILLIS);
        ollama.on("/api/chat", exchange -> {
            stream.answer(exchange);
            upstreamFinished.set(System.nanoTime());
        });

        LambdaZip.extract(LambdaZip.PATH, taskRoot);
        port = freePort();
        ProcessBuilder builder = PackagedApp.builder(taskRoot, log);
        Map<String, String> env = builder.environment();
        // As in template.yaml (the function name marks the process as running on Lambda).
        env.put("AWS_LAMBDA_FUNCTION_NAME", "llm-gateway-harness");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"); // set by Lambda: the app primes during init
        env.put("AWS_LWA_PORT", Integer.toString(port));
        env.put("PORT", Integer.toString(port));
        env.put("AWS_LWA_INVOKE_MODE", "response_stream");
        env.put("AWS_LWA_READINESS_CHECK_PATH", "/health");
        env.put("GATEWAY_MODE", "deployed");
        env.put("OLLAMA_ENABLED", "true");
        env.put("OLLAMA_BASE_URL", ollama.baseUrl());
        env.put("OPENAI_API_KEY", "");
        // Open auth: keys are made by the admin function, another package, and this process keeps its
        // stores in memory; keys auth end to end is the e2e tests' (TenantE2eTest).
        env.put("GATEWAY_AUTH", "open");
        app = builder.start();
        awaitReady(Duration.ofSeconds(180));
        // Priming ran before the server reported ready, and sent nothing to the provider.
        assertThat(Files.readString(log)).contains("primed for init (snap-start)");
        assertThat(ollama.received()).isEmpty();
    }

    private static final String gatewayKey = "any-key";

    @AfterAll
    static void stop() throws InterruptedException {
        if (app != null) {
            app.destroy();
            if (!app.waitFor(20, TimeUnit.SECONDS)) app.destroyForcibly();
        }
        if (ollama != null) ollama.close();
    }

    /** The adapter's readiness check: GET the path until it answers. */
    private static void awaitReady(Duration limit) throws Exception {
        PackagedApp.awaitReady(app, port, limit, log);
    }

    @Test
    void sseChunksReachTheClientWhileTheUpstreamIsStillGenerating() throws Exception {
        String body = """
                {"model":"ollama/llama3.2","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"Say café in a cup"}]}""";
        HttpRequest request = HttpRequest.newBuilder(uri("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + gatewayKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        List<String> events = new ArrayList<>();
        long firstChunk = 0;
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.startsWith("data: ")) continue;
                    if (firstChunk == 0) firstChunk = System.nanoTime();
                    events.add(line.substring(6));
                }
            }
        }
        assertThat(upstreamFinished.get()).isNotZero();
        // Three NDJSON lines with a pause after each: the first chunk must not wait for the rest.
        long earlyBy = TimeUnit.NANOSECONDS.toMillis(upstreamFinished.get() - firstChunk);
        assertThat(earlyBy).as("first chunk arrived this many ms before the upstream finished").isGreaterThan(2 * GAP_MILLIS);

        assertThat(events.getLast()).isEqualTo("[DONE]");
        StringBuilder content = new StringBuilder();
        JsonNode usage = null;
        for (String event : events.subList(0, events.size() - 1)) {
            JsonNode chunk = Json.tree(event);
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            content.append(chunk.at("/choices/0/delta/content").asText(""));
            if (chunk.hasNonNull("usage")) usage = chunk.get("usage");
        }
        assertThat(content.toString()).isEqualTo("Café ☕ — ok");
        assertThat(usage).isNotNull();
        assertThat(usage.path("total_tokens").asInt()).isEqualTo(17);
        assertThat(ollama.last().path()).isEqualTo("/api/chat");
    }

    @Test
    void errorsKeepOpenAisEnvelopeThroughThePackagedApp() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            // The admin API is the admin function's: the data plane does not serve it.
            HttpResponse<String> admin = client.send(HttpRequest.newBuilder(uri("/admin/tenants"))
                    .header("Authorization", "Bearer any-admin-key").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(admin.statusCode()).isEqualTo(404);
            assertThat(Json.tree(admin.body()).at("/error/code").asText()).isEqualTo("not_found");
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/v1/chat/completions"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + gatewayKey)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(404); // OpenAI is not enabled in this run
            assertThat(Json.tree(response.body()).at("/error/message").asText()).contains("OPENAI_API_KEY");
        }
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static int freePort() throws IOException {
        return PackagedApp.freePort();
    }
}
