package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import dev.llmgateway.gateway.testing.PrometheusText;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a request leaves in /actuator/prometheus: counted once when its response is complete, with
 * the status each outcome gets, tokens from the final usage, provider errors, and the overhead header.
 * The context is shared with the other end-to-end tests, so every assertion is on a difference, and each
 * test uses its own model name (any {@code gpt-} name resolves to OpenAI) so no other test's request,
 * even one still closing, can change its numbers.
 */
class MetricsE2eTest extends GatewayE2eTest {
    private static final String PATH = "/v1/chat/completions";
    private static final String REQUESTS = "gateway_requests_total";

    private static String body(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
    }

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
        return PrometheusText.parse(response.body());
    }

    /** Waits until {@code name{labels}} grew by {@code delta} (metering closes just after the client has its response). */
    private PrometheusText awaitDelta(PrometheusText before, String name, Map<String, String> labels, double delta) {
        double start = before.value(name, labels);
        PrometheusText[] now = new PrometheusText[1];
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            now[0] = scrape();
            assertThat(now[0].value(name, labels) - start).as("%s%s", name, labels).isEqualTo(delta);
        });
        return now[0];
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, Map<String, String> labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private static double total(PrometheusText text, String name) {
        return total(text, name, Map.of());
    }

    private static double total(PrometheusText text, String name, Map<String, String> labels) {
        return text.matching(name, labels).stream().mapToDouble(PrometheusText.Sample::value).sum();
    }

    @Test
    void bufferedAnswerIsCountedOnceWithTokensLatencyAndGatewayHeaders() throws Exception {
        String model = "gpt-4o-metrics-buffered";
        OPENAI.on(PATH, json(200, Fixtures.text("openai/plain/upstream-response.json")));
        PrometheusText before = scrape();

        HttpResponse<String> response = post(PATH, body(model, false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Gateway-Provider")).hasValue("openai");
        assertThat(response.headers().firstValue("X-Gateway-Overhead-Ms")).hasValueSatisfying(v -> assertThat(v).matches("\\d+\\.\\d{3}"));
        Map<String, String> ok = Map.of("model", model, "provider", "openai", "status", "200");
        PrometheusText after = awaitDelta(before, REQUESTS, ok, 1);
        assertThat(total(after, REQUESTS, Map.of("model", model)) - total(before, REQUESTS, Map.of("model", model))).as("one request, one count").isEqualTo(1);
        Map<String, String> target = Map.of("model", model, "provider", "openai");
        assertThat(delta(before, after, "gateway_tokens_total", Map.of("model", model, "direction", "input"))).isEqualTo(19);
        assertThat(delta(before, after, "gateway_tokens_total", Map.of("model", model, "direction", "output"))).isEqualTo(10);
        assertThat(delta(before, after, "gateway_latency_seconds_count", target)).isEqualTo(1);
        // Buckets suited to LLM calls, from 50 ms to 5 minutes, so p50/p95/p99 come out of histogram_quantile.
        List<String> bounds = after.matching("gateway_latency_seconds_bucket", target).stream().map(s -> s.labels().get("le")).toList();
        assertThat(bounds).contains("0.05", "1.0", "30.0", "300.0", "+Inf");
        assertThat(after.matching("gateway_time_to_first_token_seconds_count", target))
                .as("no first token for a buffered answer").allSatisfy(s -> assertThat(s.value()).isEqualTo(before.value(s.name(), target)));
    }

    @Test
    void streamIsCountedOnceAtItsEndWithTimeToFirstTokenAndFinalUsage() throws Exception {
        String model = "gpt-4o-metrics-stream";
        OPENAI.on(PATH, FakeUpstream.stream("text/event-stream",
                FakeUpstream.events(Fixtures.text("openai/stream-usage/upstream-stream.txt"), "\n\n"), 50));
        PrometheusText before = scrape();

        HttpResponse<String> response = post(PATH, body(model, true));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).endsWith("data: [DONE]\n\n");
        assertThat(response.headers().firstValue("X-Gateway-Overhead-Ms")).isPresent();
        PrometheusText after = awaitDelta(before, REQUESTS, Map.of("model", model, "status", "200"), 1);
        assertThat(total(after, REQUESTS, Map.of("model", model)) - total(before, REQUESTS, Map.of("model", model))).isEqualTo(1);
        Map<String, String> target = Map.of("model", model, "provider", "openai");
        assertThat(delta(before, after, "gateway_time_to_first_token_seconds_count", target)).isEqualTo(1);
        assertThat(delta(before, after, "gateway_latency_seconds_count", target)).isEqualTo(1);
        assertThat(delta(before, after, "gateway_tokens_total", Map.of("model", model, "direction", "input"))).isEqualTo(9);
        assertThat(delta(before, after, "gateway_tokens_total", Map.of("model", model, "direction", "output"))).isEqualTo(4);
        // The first chunk left ~3 upstream gaps before the end: the time to first token is well under the latency.
        double ttft = delta(before, after, "gateway_time_to_first_token_seconds_sum", target);
        double latency = delta(before, after, "gateway_latency_seconds_sum", target);
        assertThat(ttft).isLessThan(latency - 0.1);
    }

    @Test
    void streamFailingAfterItsFirstChunkCountsAsTheFailureNotAsSuccess() throws Exception {
        String model = "gpt-4o-metrics-midstream";
        OPENAI.on(PATH, FakeUpstream.stream("text/event-stream", List.of(
                "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n".getBytes(StandardCharsets.UTF_8),
                "data: {\"error\":{\"message\":\"The server had an error.\",\"type\":\"server_error\"}}\n\n".getBytes(StandardCharsets.UTF_8)), 0));
        PrometheusText before = scrape();

        HttpResponse<String> response = post(PATH, body(model, true));

        assertThat(response.statusCode()).as("the 200 was already sent").isEqualTo(200);
        PrometheusText after = awaitDelta(before, REQUESTS, Map.of("model", model, "provider", "openai", "status", "502"), 1);
        assertThat(total(after, REQUESTS, Map.of("model", model)) - total(before, REQUESTS, Map.of("model", model))).isEqualTo(1);
        assertThat(delta(before, after, "gateway_provider_errors_total", Map.of("provider", "openai", "error_code", "upstream_error"))).isEqualTo(1);
        assertThat(total(after, "gateway_provider_errors_total", Map.of("provider", "openai"))
                - total(before, "gateway_provider_errors_total", Map.of("provider", "openai"))).isEqualTo(1);
    }

    @Test
    void streamThatBreaksOffWithoutItsEndIsAFailureNotASuccess() throws Exception {
        String model = "gpt-4o-metrics-truncated";
        OPENAI.on(PATH, FakeUpstream.stream("text/event-stream", List.of(
                "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n".getBytes(StandardCharsets.UTF_8)), 0));
        PrometheusText before = scrape();

        assertThat(post(PATH, body(model, true)).body()).contains("upstream_unavailable").doesNotContain("[DONE]");

        PrometheusText after = awaitDelta(before, REQUESTS, Map.of("model", model, "status", "502"), 1);
        assertThat(delta(before, after, REQUESTS, Map.of("model", model, "status", "200"))).isZero();
        assertThat(delta(before, after, "gateway_provider_errors_total", Map.of("provider", "openai", "error_code", "upstream_unavailable")))
                .isEqualTo(1);
        // No final usage: the streamed text is counted (o200k_base: "Hi" is one token), so what was generated is billed.
        assertThat(delta(before, after, "gateway_tokens_total", Map.of("model", model, "direction", "output"))).isEqualTo(1);
        assertThat(delta(before, after, "gateway_tokens_total", Map.of("model", model, "direction", "input"))).isPositive();
    }

    @Test
    void upstreamErrorsCountTheClientsStatusAndTheProvidersErrorCode() throws Exception {
        String model = "gpt-4o-metrics-errors";
        OPENAI.on(PATH, json(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}"));
        PrometheusText before = scrape();
        HttpResponse<String> limited = post(PATH, body(model, false));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("X-Gateway-Overhead-Ms")).isPresent();
        awaitDelta(before, REQUESTS, Map.of("model", model, "status", "429"), 1);

        OPENAI.on(PATH, json(503, "{\"error\":{\"message\":\"The engine is currently overloaded\",\"type\":\"server_error\"}}"));
        assertThat(post(PATH, body(model, false)).statusCode()).isEqualTo(502);
        PrometheusText after = awaitDelta(before, REQUESTS, Map.of("model", model, "status", "502"), 1);
        assertThat(delta(before, after, "gateway_provider_errors_total", Map.of("provider", "openai", "error_code", "rate_limit_exceeded"))).isEqualTo(1);
        assertThat(delta(before, after, "gateway_provider_errors_total", Map.of("provider", "openai", "error_code", "upstream_error"))).isEqualTo(1);
    }

    @Test
    void requestsThatReachNoProviderShareOneModelValueAndNoProvider() throws Exception {
        PrometheusText before = scrape();
        HttpResponse<String> unknown = post(PATH, body("no-such-model-" + System.nanoTime(), false));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("X-Gateway-Overhead-Ms")).isPresent();
        assertThat(post(PATH, "{\"model\": \"gpt-4o\",").statusCode()).isEqualTo(400);

        awaitDelta(before, REQUESTS, Map.of("model", "unknown", "provider", "none", "status", "404"), 1);
        PrometheusText after = awaitDelta(before, REQUESTS, Map.of("model", "unknown", "provider", "none", "status", "400"), 1);
        assertThat(after.samples()).as("a client's model string never becomes a label")
                .noneMatch(s -> s.labels().getOrDefault("model", "").startsWith("no-such-model"));
        assertThat(after.matching("gateway_latency_seconds_count", Map.of("provider", "none"))).isEmpty();
    }

    @Test
    void clientThatGoesAwayMidStreamIsCountedAs499() throws Exception {
        String model = "gpt-4o-metrics-disconnect";
        List<byte[]> longStream = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            longStream.add(("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok" + i + "\"},\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8));
        }
        CountDownLatch aborted = new CountDownLatch(1);
        OPENAI.on(PATH, exchange -> {
            try {
                FakeUpstream.stream("text/event-stream", longStream, 50).answer(exchange);
            } catch (java.io.IOException e) {
                aborted.countDown();
            }
        });
        PrometheusText before = scrape();

        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + PATH))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body(model, true))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            assertThat(new String(in.readNBytes(20), StandardCharsets.UTF_8)).startsWith("data: ");
        }
        assertThat(aborted.await(10, TimeUnit.SECONDS)).isTrue();

        PrometheusText after = awaitDelta(before, REQUESTS, Map.of("model", model, "status", "499"), 1);
        assertThat(total(after, REQUESTS, Map.of("model", model)) - total(before, REQUESTS, Map.of("model", model))).isEqualTo(1);
        assertThat(total(after, "gateway_provider_errors_total")).as("a client leaving is no provider error")
                .isEqualTo(total(before, "gateway_provider_errors_total"));
    }

    @Test
    void overheadHeaderExcludesTheUpstreamCall() throws Exception {
        String model = "gpt-4o-metrics-overhead";
        long upstreamMillis = 600;
        String answer = Fixtures.text("openai/plain/upstream-response.json");
        OPENAI.on(PATH, exchange -> {
            TimeUnit.MILLISECONDS.sleep(upstreamMillis);
            json(200, answer).answer(exchange);
        });
        post(PATH, body(model, false)); // warm-up: the first request of a context loads classes on the request path
        PrometheusText before = scrape();

        HttpResponse<String> response = post(PATH, body(model, false));

        double overhead = Double.parseDouble(response.headers().firstValue("X-Gateway-Overhead-Ms").orElseThrow());
        assertThat(overhead).isGreaterThan(0).isLessThan(upstreamMillis / 2.0);
        PrometheusText after = awaitDelta(before, "gateway_latency_seconds_count", Map.of("model", model, "provider", "openai"), 1);
        assertThat(delta(before, after, "gateway_latency_seconds_sum", Map.of("model", model, "provider", "openai")))
                .as("latency includes the upstream call").isGreaterThanOrEqualTo(upstreamMillis / 1000.0);
    }

    @Test
    void nonApiRequestsGetTheHeaderButAreNotCounted() throws Exception {
        PrometheusText before = scrape();
        HttpResponse<String> health = get("/health");
        assertThat(health.headers().firstValue("X-Gateway-Overhead-Ms")).isPresent();
        Thread.sleep(200);
        PrometheusText after = scrape();
        // Only a client disconnect of an earlier test could still be closing (as a 499); nothing else may move.
        assertThat(after.samples().stream().filter(s -> s.name().equals(REQUESTS) && !"499".equals(s.labels().get("status")))
                .mapToDouble(PrometheusText.Sample::value).sum())
                .isEqualTo(before.samples().stream().filter(s -> s.name().equals(REQUESTS) && !"499".equals(s.labels().get("status")))
                        .mapToDouble(PrometheusText.Sample::value).sum());
    }

    @Test
    void coldStartIsCountedOncePerProcessAndJvmBasicsAreExported() throws Exception {
        String model = "gpt-4o-metrics-coldstart";
        OPENAI.on(PATH, json(200, Fixtures.text("openai/plain/upstream-response.json")));
        PrometheusText before = scrape();
        post(PATH, body(model, false));
        post(PATH, body(model, false));
        PrometheusText after = awaitDelta(before, REQUESTS, Map.of("model", model, "status", "200"), 2);
        assertThat(after.value("gateway_cold_starts_total", Map.of())).isEqualTo(1);
        assertThat(after.names()).contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds",
                "process_cpu_usage", "gateway_retries_total");
    }
}
