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
 * What a Lambda environment's end does to the remote-written counts, against a real Prometheus: the
 * packaged app, on Lambda settings (remote write inline), serves buffered and streamed requests one
 * after the other and is stopped with SIGSTOP the moment the last response has completed. Then
 * either Lambda's Shutdown phase (SIGCONT, SIGTERM: the environment is thawed and the runtime
 * signalled, as with the Lambda Web Adapter's external extension registered) or a crash (SIGKILL, no
 * SIGTERM). With the default interval the shutdown push brings every request; a crash loses what
 * came after the last push, and with interval 0 nothing.
 */
@EnabledIf(value = "dev.llmgateway.gateway.testing.PrometheusServer#installed", disabledReason = PrometheusServer.MISSING)
class PrometheusFreezeIT {
    private static final int REQUESTS = 12;
    private static final Pattern PUSH = Pattern.compile("inline push done in ([0-9.]+) ms");
    private static final Pattern SHUTDOWN_PUSH = Pattern.compile("shutdown push done in ([0-9.]+) ms");
    private static final String REQUESTS_SERIES = "gateway_requests_total{job=\"llm-gateway\",instance=~\"freeze-test-.*\"}";

    @TempDir
    Path taskRoot;

    /** How the environment ends after the freeze. */
    private enum End { SHUTDOWN, CRASH }

    @Test
    void defaultIntervalShutdownAfterTheThawPushesEveryRequest() throws Exception {
        try (PrometheusServer prometheus = PrometheusServer.start()) {
            Run run = run(prometheus, null, End.SHUTDOWN);

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(scalar(prometheus, "sum(" + REQUESTS_SERIES + ")")).isEqualTo(REQUESTS));
            assertThat(inlinePushes(run.log())).as("the default interval: only the first request end pushed").hasSize(1);
            String appLog = Files.readString(run.log());
            Matcher shutdown = SHUTDOWN_PUSH.matcher(appLog);
            assertThat(shutdown.find()).as("the shutdown push ran and was answered").isTrue();
            assertThat(shutdown.start()).as("the first thing on SIGTERM: before the web server's graceful shutdown")
                    .isLessThan(appLog.indexOf("Commencing graceful shutdown"));
            assertThat(shutdown.find()).as("one shutdown push").isFalse();
            System.out.printf("shutdown push after thaw: %s ms in the app, SIGTERM to its log line %.1f ms (Lambda leaves the runtime 300 ms)%n",
                    SHUTDOWN_PUSH.matcher(Files.readString(run.log())).results().findFirst().orElseThrow().group(1),
                    run.sigtermToPushMillis());
        }
    }

    @Test
    void defaultIntervalCrashLosesTheRequestsAfterTheLastPush() throws Exception {
        try (PrometheusServer prometheus = PrometheusServer.start()) {
            Run run = run(prometheus, null, End.CRASH);

            assertThat(inlinePushes(run.log())).as("only the first request end pushed").hasSize(1);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(scalar(prometheus, "sum(" + REQUESTS_SERIES + ")")).isEqualTo(1));
            assertThat(Files.readString(run.log())).doesNotContain("shutdown push");
        }
    }

    @Test
    void intervalZeroCrashLosesNothing() throws Exception {
        try (PrometheusServer prometheus = PrometheusServer.start()) {
            Run run = run(prometheus, "0", End.CRASH);

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(scalar(prometheus, "sum(" + REQUESTS_SERIES + ")")).isEqualTo(REQUESTS));
            assertThat(scalar(prometheus, "sum(" + REQUESTS_SERIES.replace("}", ",status=\"200\"}") + ")")).isEqualTo(REQUESTS);
            String instance = prometheus.query(REQUESTS_SERIES).getFirst().at("/metric/instance").asText();
            // Started at 0: the increase over the run is every request, not every request but the first push's.
            assertThat(scalar(prometheus, "sum(max_over_time(" + REQUESTS_SERIES + "[10m]) - min_over_time(" + REQUESTS_SERIES + "[10m]))"))
                    .isEqualTo(REQUESTS);
            // The dashboard's cold-start panel, as Grafana would ask for it over the last 10 minutes.
            assertThat(scalar(prometheus, DashboardQuery.coldStarts("10m", ".*"))).as("one new environment").isEqualTo(1);

            // Deployed logging: JSON lines (ECS), the access lines with their request id; no plain-text log line.
            List<String> lines = Files.readAllLines(run.log());
            assertThat(lines).noneMatch(line -> line.matches("^\\d{4}-\\d\\d-\\d\\dT.*"));
            List<JsonNode> access = lines.stream().filter(line -> line.startsWith("{") && line.contains("\"dev.llmgateway.access\""))
                    .map(dev.llmgateway.core.json.Json::tree).toList();
            assertThat(access).hasSize(REQUESTS).allSatisfy(line -> {
                assertThat(line.get("request_id").asText()).matches("req_[0-9a-f]{32}");
                assertThat(line.get("status").asInt()).isEqualTo(200);
            });

            List<Double> pushes = inlinePushes(run.log());
            assertThat(pushes).as("one inline push per request").hasSize(REQUESTS);
            List<Double> sorted = pushes.stream().sorted().toList();
            System.out.printf("inline remote-write push (%s, %d series): min %.3f ms, median %.3f ms, max %.3f ms%n", instance,
                    prometheus.query("count({instance=\"" + instance + "\"})").getFirst().at("/value/1").asInt(),
                    sorted.getFirst(), sorted.get(sorted.size() / 2), sorted.getLast());
        }
    }

    /** The app's log, and for a shutdown how long after SIGTERM its push was answered (as seen by polling the log). */
    private record Run(Path log, double sigtermToPushMillis) {}

    private Run run(PrometheusServer prometheus, String interval, End end) throws Exception {
        FakeUpstream openai = new FakeUpstream();
        openai.on("/v1/chat/completions", FakeUpstream.json(200, Fixtures.text("openai/plain/upstream-response.json")));
        FakeUpstream ollama = new FakeUpstream();
        ollama.on("/api/chat", FakeUpstream.stream("application/x-ndjson",
                FakeUpstream.events(Fixtures.text("ollama/stream/upstream-stream.txt"), "\n"), 0));
        LambdaZip.extract(LambdaZip.PATH, taskRoot);
        int port = PackagedApp.freePort();
        Path log = Path.of("target/prometheus-freeze-app-" + end.name().toLowerCase() + "-" + (interval == null ? "default" : interval)
                + ".log").toAbsolutePath();
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
        if (interval != null) env.put("PROMETHEUS_REMOTE_WRITE_INTERVAL_SECONDS", interval);
        env.put("LOGGING_LEVEL_DEV_LLMGATEWAY_GATEWAY_METRICS_REMOTEWRITE", "debug");
        env.put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs"); // as the template deploys it
        Process app = builder.start();
        double sigtermToPush = Double.NaN;
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
            // The last response has completed: freeze the environment at once.
            signal(app, "STOP");
            if (end == End.SHUTDOWN) {
                Thread.sleep(1000); // frozen for a while, as an idle environment is
                signal(app, "CONT");
                long sigterm = System.nanoTime();
                signal(app, "TERM");
                while (!Files.readString(log).contains("shutdown push ") && System.nanoTime() - sigterm < TimeUnit.SECONDS.toNanos(30)) {
                    Thread.sleep(2);
                }
                sigtermToPush = (System.nanoTime() - sigterm) / 1e6;
            } else {
                signal(app, "KILL");
            }
            assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            app.destroyForcibly();
            openai.close();
            ollama.close();
        }
        return new Run(log, sigtermToPush);
    }

    private static List<Double> inlinePushes(Path log) throws IOException {
        List<Double> pushes = new ArrayList<>();
        Matcher m = PUSH.matcher(Files.readString(log));
        while (m.find()) pushes.add(Double.parseDouble(m.group(1)));
        return pushes;
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
