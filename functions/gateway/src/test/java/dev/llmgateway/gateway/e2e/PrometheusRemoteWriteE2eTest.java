package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import dev.llmgateway.gateway.metrics.remotewrite.RemoteWritePusher;
import dev.llmgateway.gateway.metrics.remotewrite.RemoteWriteSettings;
import dev.llmgateway.gateway.testing.PrometheusServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Traffic through the gateway, remote-written to a real Prometheus server, read back with PromQL.
 * Skipped (loudly) where no Prometheus binary is installed.
 */
@EnabledIf(value = "dev.llmgateway.gateway.testing.PrometheusServer#installed", disabledReason = PrometheusServer.MISSING)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusRemoteWriteE2eTest extends GatewayE2eTest {
    private static final String PATH = "/v1/chat/completions";
    private static PrometheusServer prometheus;

    @BeforeAll
    static void startPrometheus() throws Exception {
        prometheus = PrometheusServer.start();
    }

    @AfterAll
    static void stopPrometheus() throws Exception {
        if (prometheus != null) prometheus.close();
    }

    @DynamicPropertySource
    static void remoteWrite(DynamicPropertyRegistry registry) {
        registry.add("PROMETHEUS_REMOTE_WRITE_URL", () -> prometheus.remoteWriteUrl());
        registry.add("PROMETHEUS_REMOTE_WRITE_INTERVAL_SECONDS", () -> "0"); // push at every request end
        registry.add("PROMETHEUS_REMOTE_WRITE_INSTANCE", () -> "gateway-e2e");
    }

    private static String body(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
    }

    /** labels (as "model/provider/status") -> value of each gateway_requests_total series of this gateway. */
    private static Map<String, Double> requestSeries() throws Exception {
        Map<String, Double> out = new HashMap<>();
        for (JsonNode r : prometheus.query("gateway_requests_total{job=\"llm-gateway\",instance=\"gateway-e2e\"}")) {
            JsonNode m = r.get("metric");
            out.put(m.get("model").asText() + "/" + m.get("provider").asText() + "/" + m.get("status").asText(),
                    r.get("value").get(1).asDouble());
        }
        return out;
    }

    private static double scalar(String promql) throws Exception {
        List<JsonNode> result = prometheus.query(promql);
        assertThat(result).as(promql).hasSize(1);
        return result.getFirst().get("value").get(1).asDouble();
    }

    @Test
    @Order(1)
    void requestsArriveInPrometheusWithTheirLabelsAndStayCumulativeAcrossPushes() throws Exception {
        OPENAI.on(PATH, json(200, Fixtures.text("openai/plain/upstream-response.json")));
        assertThat(post(PATH, body("gpt-4o", false)).statusCode()).isEqualTo(200);
        assertThat(post(PATH, body("gpt-4o", false)).statusCode()).isEqualTo(200);
        OPENAI.on(PATH, FakeUpstream.stream("text/event-stream",
                FakeUpstream.events(Fixtures.text("openai/stream-usage/upstream-stream.txt"), "\n\n"), 0));
        assertThat(post(PATH, body("gpt-4o-mini", true)).statusCode()).isEqualTo(200);
        OPENAI.on(PATH, json(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
        assertThat(post(PATH, body("gpt-4o", false)).statusCode()).isEqualTo(502);
        assertThat(post(PATH, body("no-such-model", false)).statusCode()).isEqualTo(404);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(requestSeries()).isEqualTo(Map.of("gpt-4o/openai/200", 2.0, "gpt-4o-mini/openai/200", 1.0,
                        "gpt-4o/openai/502", 1.0, "unknown/none/404", 1.0)));

        // A later push restates the running total: the series is a proper cumulative counter.
        OPENAI.on(PATH, json(200, Fixtures.text("openai/plain/upstream-response.json")));
        assertThat(post(PATH, body("gpt-4o", false)).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(requestSeries()).containsEntry("gpt-4o/openai/200", 3.0));

        assertThat(scalar("gateway_tokens_total{model=\"gpt-4o\",direction=\"input\",instance=\"gateway-e2e\"}")).isEqualTo(57);
        assertThat(scalar("gateway_tokens_total{model=\"gpt-4o-mini\",direction=\"output\",instance=\"gateway-e2e\"}")).isEqualTo(4);
        assertThat(scalar("gateway_provider_errors_total{provider=\"openai\",error_code=\"upstream_error\"}")).isEqualTo(1);
        assertThat(scalar("gateway_latency_seconds_bucket{model=\"gpt-4o\",le=\"+Inf\"}")).isEqualTo(4);
        double p99 = scalar("histogram_quantile(0.99, sum by (le) (gateway_latency_seconds_bucket{model=\"gpt-4o\"}))");
        assertThat(p99).isGreaterThan(0).isLessThanOrEqualTo(300);
        assertThat(scalar("gateway_cold_starts_total{instance=\"gateway-e2e\"}")).isEqualTo(1);
        assertThat(prometheus.query("jvm_memory_used_bytes{instance=\"gateway-e2e\"}")).as("JVM basics are pushed too").isNotEmpty();
    }

    @Test
    @Order(2)
    void anotherEnvironmentWritesItsOwnSeriesInsteadOfOverwriting() throws Exception {
        double ours = requestSeries().get("gpt-4o/openai/200");
        PrometheusMeterRegistry otherEnvironment = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("gateway.requests").tags("model", "gpt-4o", "provider", "openai", "status", "200")
                .register(otherEnvironment).increment(5);
        RemoteWriteSettings settings = new RemoteWriteSettings(URI.create(prometheus.remoteWriteUrl()),
                new RemoteWriteSettings.Auth.None(), Duration.ZERO, Duration.ofSeconds(5), "llm-gateway", null);
        RemoteWritePusher pusher = RemoteWritePusher.create(settings, otherEnvironment.getPrometheusRegistry()::scrape,
                () -> null, "llm-gateway-fn", false);
        assertThat(pusher.push()).isTrue();

        String series = "gateway_requests_total{job=\"llm-gateway\",model=\"gpt-4o\",provider=\"openai\",status=\"200\"}";
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(scalar("count(" + series + ")")).isEqualTo(2));
        assertThat(scalar("sum(" + series + ")")).isEqualTo(ours + 5);
        assertThat(prometheus.query(series)).extracting(r -> r.at("/metric/instance").asText())
                .contains("gateway-e2e").anyMatch(i -> i.matches("llm-gateway-fn-[0-9a-f]{12}"));
        pusher.close();
    }
}
