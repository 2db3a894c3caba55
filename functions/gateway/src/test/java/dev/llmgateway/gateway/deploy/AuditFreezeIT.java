package dev.llmgateway.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.audit.AuditItem;
import dev.llmgateway.core.audit.AuditKey;
import dev.llmgateway.core.audit.AuditVerifier;
import dev.llmgateway.core.audit.DynamoAuditStore;
import dev.llmgateway.core.audit.Verification;
import dev.llmgateway.core.testing.Dynalite;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The freeze a Lambda environment can suffer right after a response: the packaged app (started as
 * the Lambda Web Adapter starts it) serves buffered and streamed requests against an audit table in
 * dynalite, is stopped with SIGSTOP the moment the last response has completed, then killed with
 * SIGKILL. Every request whose response completed must have its record in the table, and the log verifies.
 */
class AuditFreezeIT {
    private static final String HMAC_KEY = "freeze-test-audit-key-0123456789";

    @TempDir
    Path taskRoot;

    @Test
    void everyCompletedRequestIsInTheStoreAfterFreezeAndKill() throws Exception {
        Dynalite dynalite = Dynalite.get();
        String table = "audit-freeze-" + UUID.randomUUID().toString().substring(0, 8);
        FakeUpstream openai = new FakeUpstream();
        openai.on("/v1/chat/completions", FakeUpstream.json(200, """
                {"id":"chatcmpl-1","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hi","refusal":null},"logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":20,"completion_tokens":9,"total_tokens":29}}"""));
        FakeUpstream ollama = new FakeUpstream();
        ollama.on("/api/chat", FakeUpstream.stream("application/x-ndjson",
                FakeUpstream.events(Fixtures.text("ollama/stream/upstream-stream.txt"), "\n"), 0));

        LambdaZip.extract(LambdaZip.PATH, taskRoot);
        int port = PackagedApp.freePort();
        Path log = Path.of("target/audit-freeze-app.log").toAbsolutePath();
        ProcessBuilder builder = PackagedApp.builder(taskRoot, log);
        Map<String, String> env = builder.environment();
        env.put("PORT", Integer.toString(port));
        env.put("GATEWAY_AUTH", "open");
        env.put("OPENAI_API_KEY", "sk-upstream-test");
        env.put("OPENAI_BASE_URL", openai.baseUrl() + "/v1");
        env.put("OLLAMA_ENABLED", "true");
        env.put("OLLAMA_BASE_URL", ollama.baseUrl());
        env.put("DYNAMODB_ENDPOINT", dynalite.endpoint());
        env.put("AWS_REGION", "us-east-1");
        env.put("AUDIT_TABLE", table);
        env.put("AUDIT_HMAC_KEY", HMAC_KEY);
        env.put("AUDIT_CHECKPOINT_EVERY", "10");
        Process app = builder.start();
        Set<String> completed = new TreeSet<>();
        try {
            PackagedApp.awaitReady(app, port, Duration.ofSeconds(180), log);
            List<Future<String>> calls = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(8); HttpClient client = HttpClient.newHttpClient()) {
                for (int i = 0; i < 40; i++) {
                    String id = "freeze-" + i;
                    boolean stream = i % 2 == 1;
                    String body = stream
                            ? "{\"model\":\"ollama/llama3.2\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                            : "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
                    calls.add(pool.submit(() -> {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                                .header("Content-Type", "application/json").header("x-request-id", id)
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                        if (stream) assertThat(r.body()).endsWith("data: [DONE]\n\n");
                        return id;
                    }));
                }
                for (Future<String> call : calls) completed.add(call.get(60, TimeUnit.SECONDS));
            }
            // The last response has completed: freeze the environment at once, then kill it.
            signal(app, "STOP");
            signal(app, "KILL");
            assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            app.destroyForcibly();
            openai.close();
            ollama.close();
        }

        DynamoAuditStore store = new DynamoAuditStore(dynalite.client(), table);
        Set<String> recorded = new TreeSet<>();
        for (String pk : store.partitions()) {
            for (AuditItem item : store.partition(pk)) {
                if (item.requestId() != null) recorded.add(item.requestId());
            }
        }
        assertThat(completed).hasSize(40);
        assertThat(recorded).containsAll(completed);
        Verification verification = new AuditVerifier(store, new AuditKey(HMAC_KEY), Clock.systemUTC()).verifyAll();
        assertThat(verification.findings()).isEmpty();
        assertThat(verification.chains()).isEqualTo(1);
        assertThat(Files.readString(log)).doesNotContain(HMAC_KEY);
    }

    private static void signal(Process process, String signal) throws IOException, InterruptedException {
        // run.sh execs java, so the started process is the JVM itself.
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

}
