package dev.llmgateway.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import dev.llmgateway.gateway.testing.PrometheusServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The freeze a Lambda environment can suffer right after a response, against a real Prometheus: the
 * packaged app, on Lambda settings (remote write inline, pushing at the end of every request), serves
 * buffered and streamed requests one after the other, is stopped with SIGSTOP the moment the last
 * response has completed, then killed with SIGKILL (no SIGTERM, so no shutdown push). Every request it
 * counted is in Prometheus, and the new environment's counters started at 0, so the dashboard's
 * cold-start query counts it.
 */
@EnabledIf(value = "dev.llmgateway.gateway.testing.PrometheusServer#installed", disabledReason = PrometheusServer.MISSING)
class PrometheusFreezeIT {
    private static final int REQUESTS = 12;
    private static final Pattern PUSH = Pattern.compile("inline push done in ([0-9.]+) ms");

    @TempDir
    Path taskRoot;

    @Test
    void everyCountedRequestIsInPrometheusAfterFreezeAndKill() throws Exception {
        FakeUpstream openai = new FakeUpstream();
        openai.on("/v1/chat/completions", FakeUpstream.json(200, Fixtures.text("openai/plain/upstream-response.json")));
        FakeUpstream ollama = new FakeUpstream();
        ollama.on("/api/chat", FakeUpstream.stream("application/x-ndjson",
                FakeUpstream.events(Fixtures.text("ollama/stream/upstream-stream.txt"), "\n"), 0));
        try (PrometheusServer prometheus = PrometheusServer.start()) {
            LambdaZip.extract(LambdaZip.PATH, taskRoot);
            int port = PackagedApp.freePort();
            Path log = Path.of("target/prometheus-freeze-app.log").toAbsolutePath();
            ProcessBuilder builder = PackagedApp.builder(taskRoot, log);
            Map<String, String> env = builder.environment();
            env.put("PORT", Integer.toString(port));
            env.put("AWS_LAMBDA_FUNCTION_NAME", "freeze-test");
            env.put("AWS_REGION", "us-east-1");
            env.put("GATEWAY_AUTH", "open");
            env.put("OPENAI_API_KEY", "sk-upstream-test");
            env.put("OPENAI_BASE_URL", openai.baseUrl() + "/v1");
            env.put("OLLAMA_ENABLED", "true");
            env.put("OLLAMA_BASE_URL", ollama.baseUrl());
            env.put("PROMETHEUS_REMOTE_WRITE_URL", prometheus.remoteWriteUrl());
            env.put("PROMETHEUS_REMOTE_WRITE_INTERVAL_SECONDS", "0");
            env.put("LOGGING_LEVEL_DEV_LLMGATEWAY_GATEWAY_METRICS_REMOTEWRITE", "debug");
            env.put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs"); // as the template deploys it
            Process app = builder.start();
            String instance;
            try {
                PackagedApp.awaitReady(app, port, Duration.ofSeconds(180), log);
                try (HttpClient client = HttpClient.newHttpClient()) {
                    for (int i = 0; i < REQUESTS; i++) {
                        boolean stream = i % 2 == 1;
                        String body = stream
                                ? "{\"model\":\"ollama/llama3.2\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                                : "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                        if (stream) assertThat(r.body()).endsWith("data: [DONE]\n\n");
                    }
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

            String requests = "gateway_requests_total{job=\"llm-gateway\",instance=~\"freeze-test-.*\"}";
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(scalar(prometheus, "sum(" + requests + ")")).isEqualTo(REQUESTS));
            assertThat(scalar(prometheus, "sum(" + requests.replace("}", ",status=\"200\"}") + ")")).isEqualTo(REQUESTS);
            instance = prometheus.query(requests).getFirst().at("/metric/instance").asText();
            // Started at 0: the increase over the run is every request, not every request but the first push's.
            assertThat(scalar(prometheus, "sum(max_over_time(" + requests + "[10m]) - min_over_time(" + requests + "[10m]))"))
                    .isEqualTo(REQUESTS);
            // The dashboard's cold-start panel, as Grafana would ask for it over the last 10 minutes.
            assertThat(scalar(prometheus, DashboardQuery.coldStarts("10m", ".*"))).as("one new environment").isEqualTo(1);

            // Deployed logging: JSON lines (ECS), the access lines with their request id; no plain-text log line.
            List<String> lines = Files.readAllLines(log);
            assertThat(lines).noneMatch(line -> line.matches("^\\d{4}-\\d\\d-\\d\\dT.*"));
            List<JsonNode> access = lines.stream().filter(line -> line.startsWith("{") && line.contains("\"dev.llmgateway.access\""))
                    .map(dev.llmgateway.core.json.Json::tree).toList();
            assertThat(access).hasSize(REQUESTS).allSatisfy(line -> {
                assertThat(line.get("request_id").asText()).matches("req_[0-9a-f]{32}");
                assertThat(line.get("status").asInt()).isEqualTo(200);
            });

            List<Double> pushes = new ArrayList<>();
            Matcher m = PUSH.matcher(Files.readString(log));
            while (m.find()) pushes.add(Double.parseDouble(m.group(1)));
            assertThat(pushes).as("one inline push per request").hasSize(REQUESTS);
            List<Double> sorted = pushes.stream().sorted().toList();
            System.out.printf("inline remote-write push (%s, %d series): min %.3f ms, median %.3f ms, max %.3f ms%n", instance,
                    prometheus.query("count({instance=\"" + instance + "\"})").getFirst().at("/value/1").asInt(),
                    sorted.getFirst(), sorted.get(sorted.size() / 2), sorted.getLast());
        }
    }

    private static double scalar(PrometheusServer prometheus, String promql) throws Exception {
        List<JsonNode> result = prometheus.query(promql);
        return result.isEmpty() ? Double.NaN : result.getFirst().at("/value/1").asDouble();
    }

    private static void signal(Process process, String signal) throws IOException, InterruptedException {
        // run.sh execs java, so the started process is the JVM itself.
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
