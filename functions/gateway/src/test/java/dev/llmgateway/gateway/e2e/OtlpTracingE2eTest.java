package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.llmgateway.core.testing.EventStreamFrames;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Traces and GenAI metrics over OTLP/HTTP, received by an endpoint inside the test that decodes the
 * protobuf with the official OTLP classes. A streamed request that fails over once is one trace:
 * the client's, continued; a SERVER span for the request, named by the GenAI conventions; a CLIENT
 * span per upstream attempt under it, the failed one marked; and each upstream received the
 * {@code traceparent} of its own attempt.
 */
@org.springframework.test.annotation.DirtiesContext(classMode = org.springframework.test.annotation.DirtiesContext.ClassMode.AFTER_CLASS)
class OtlpTracingE2eTest extends TenantE2eTest {
    private static final OtlpReceiver COLLECTOR = new OtlpReceiver();
    private static final List<Span> SPANS = COLLECTOR.spans;
    private static final Set<String> METRICS = COLLECTOR.metrics;
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";

    @DynamicPropertySource
    static void otlp(DynamicPropertyRegistry registry) {
        registry.add("OTEL_EXPORTER_OTLP_ENDPOINT", COLLECTOR::endpoint);
        registry.add("OTEL_BSP_SCHEDULE_DELAY", () -> "50");
        registry.add("OTEL_METRIC_EXPORT_INTERVAL", () -> "200");
    }

    @AfterAll
    static void stop() {
        COLLECTOR.stop();
    }

    private static String hex(com.google.protobuf.ByteString bytes) {
        return OtlpReceiver.hex(bytes);
    }

    private static Map<String, AnyValue> attributes(Span span) {
        return OtlpReceiver.attributes(span);
    }

    @Test
    void aStreamedRequestThatFailedOverOnceIsOneTraceWithASpanPerAttempt() throws Exception {
        String key = tenantWithKey("otlp-tenant", null);
        adminOk("PUT", "/admin/routes/otlp-stream", """
                {"targets":[{"provider":"openai","model":"gpt-4o-mini"},{"provider":"ollama","model":"llama3.2"}]}""");
        OPENAI.on(OPENAI_PATH, json(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
        OLLAMA.on(OLLAMA_PATH, FakeUpstream.stream("application/x-ndjson",
                FakeUpstream.events(Fixtures.text("ollama/stream/upstream-stream.txt"), "\n"), 0));
        int openAiCalls = OPENAI.received().size();
        int ollamaCalls = OLLAMA.received().size();

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .header("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01").header("tracestate", "vendor=abc")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"otlp-stream\",\"stream\":true,\"max_tokens\":64,"
                        + "\"temperature\":0.5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("[DONE]");
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(SPANS.stream().filter(s -> hex(s.getTraceId()).equals(TRACE_ID))).hasSize(3));
        List<Span> trace = SPANS.stream().filter(s -> hex(s.getTraceId()).equals(TRACE_ID)).toList();
        Span root = trace.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst().orElseThrow();
        assertThat(root.getName()).isEqualTo("chat otlp-stream");
        assertThat(hex(root.getParentSpanId())).as("the client's span is the parent").isEqualTo(CLIENT_SPAN);
        assertThat(root.getTraceState()).isEqualTo("vendor=abc");
        Map<String, AnyValue> a = attributes(root);
        assertThat(a.get("gen_ai.operation.name").getStringValue()).isEqualTo("chat");
        assertThat(a.get("gen_ai.provider.name").getStringValue()).isEqualTo("ollama");
        assertThat(a.get("gen_ai.request.model").getStringValue()).isEqualTo("otlp-stream");
        assertThat(a.get("gen_ai.response.model").getStringValue()).isEqualTo("llama3.2");
        assertThat(a.get("gen_ai.request.stream").getBoolValue()).isTrue();
        assertThat(a.get("gen_ai.request.max_tokens").getIntValue()).isEqualTo(64);
        assertThat(a.get("gen_ai.request.temperature").getDoubleValue()).isEqualTo(0.5);
        assertThat(a.get("gen_ai.usage.input_tokens").getIntValue()).isPositive();
        assertThat(a.get("gen_ai.usage.output_tokens").getIntValue()).isPositive();
        assertThat(a.get("gen_ai.server.time_to_first_token").getDoubleValue()).isPositive();
        assertThat(a.get("server.port").getIntValue()).isEqualTo(URI.create(OLLAMA.baseUrl()).getPort());
        assertThat(a.get("llm_gateway.request_id").getStringValue()).isEqualTo(requestId);
        assertThat(a).doesNotContainKey("error.type");
        assertThat(strings(a.get("gen_ai.response.finish_reasons"))).containsExactly("stop");
        assertThat(a).as("Ollama gives its answers no id").doesNotContainKey("gen_ai.response.id");
        assertThat(root.getEventsList()).extracting(Span.Event::getName).doesNotContain("llm_gateway.budget.blocked");

        List<Span> attempts = trace.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT)
                .sorted(java.util.Comparator.comparingLong(Span::getStartTimeUnixNano)).toList();
        assertThat(attempts).extracting(Span::getName).containsExactly("chat gpt-4o-mini", "chat llama3.2");
        assertThat(attempts).allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(root.getSpanId()));
        assertThat(attributes(attempts.get(0)).get("error.type").getStringValue()).isEqualTo("upstream_error");
        assertThat(attempts.get(0).getStatus().getCode()).isEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(attributes(attempts.get(0)).get("gen_ai.provider.name").getStringValue()).isEqualTo("openai");
        assertThat(attributes(attempts.get(1))).doesNotContainKey("error.type");
        assertThat(attempts.get(0).getEndTimeUnixNano()).isLessThanOrEqualTo(attempts.get(1).getStartTimeUnixNano());

        // Each upstream was called with its own attempt's context.
        assertThat(OPENAI.received().get(openAiCalls).headers().get("traceparent"))
                .isEqualTo("00-" + TRACE_ID + "-" + hex(attempts.get(0).getSpanId()) + "-01");
        assertThat(OLLAMA.received().get(ollamaCalls).headers().get("traceparent"))
                .isEqualTo("00-" + TRACE_ID + "-" + hex(attempts.get(1).getSpanId()) + "-01");
        assertThat(OLLAMA.received().get(ollamaCalls).headers().get("tracestate")).isEqualTo("vendor=abc");

        // The GenAI metrics: over OTLP, and in the Prometheus scrape from the same rows.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(new TreeSet<>(METRICS)).contains(
                "gen_ai.client.token.usage", "gen_ai.client.operation.duration", "gen_ai.server.request.duration",
                "gen_ai.server.time_to_first_token"));
        String scrape = call("GET", "/actuator/prometheus", null, SCRAPE_TOKEN).body();
        assertThat(scrape).contains("gen_ai_client_token_usage_bucket{", "gen_ai_client_operation_duration_seconds_bucket{",
                "gen_ai_server_request_duration_seconds_bucket{", "gen_ai_server_time_to_first_token_seconds_bucket{");
        assertThat(scrape).containsPattern("gen_ai_client_operation_duration_seconds_count\\{error_type=\"upstream_error\","
                + "gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai\",gen_ai_request_model=\"otlp-stream\"} [1-9]");
    }

    private static List<String> strings(AnyValue array) {
        assertThat(array.hasArrayValue()).as("a string array").isTrue();
        return array.getArrayValue().getValuesList().stream().map(AnyValue::getStringValue).toList();
    }

    private Span rootOf(String requestId) {
        return COLLECTOR.rootOf(requestId);
    }

    @Test
    void theUpstreamsResponseIdAndFinishReasonsAreOnTheSpanBufferedAndStreamed() throws Exception {
        String key = tenantWithKey("otlp-response", null);
        OPENAI.on(OPENAI_PATH, json(200, Fixtures.text("openai/plain/upstream-response.json")));
        HttpResponse<String> buffered = call("POST", "/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", key);
        assertThat(buffered.statusCode()).isEqualTo(200);
        Map<String, AnyValue> b = attributes(rootOf(buffered.headers().firstValue("x-request-id").orElseThrow()));
        assertThat(b.get("gen_ai.response.id").getStringValue()).as("OpenAI's own id").isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
        assertThat(strings(b.get("gen_ai.response.finish_reasons"))).containsExactly("stop");
        assertThat(b).as("no content without the opt-in").doesNotContainKeys("gen_ai.input.messages", "gen_ai.output.messages");

        ANTHROPIC.on("/v1/messages", FakeUpstream.stream("text/event-stream",
                FakeUpstream.events(Fixtures.text("anthropic/stream/upstream-stream.txt"), "\n\n"), 0));
        HttpResponse<String> streamed = call("POST", "/v1/chat/completions",
                "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", key);
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.body()).contains("[DONE]").doesNotContain("msg_01XFDUDYJgAACzvnptvVoYEL"); // the chunks keep the gateway's id
        Map<String, AnyValue> s = attributes(rootOf(streamed.headers().firstValue("x-request-id").orElseThrow()));
        assertThat(s.get("gen_ai.response.id").getStringValue()).as("the message id of message_start")
                .isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
        assertThat(strings(s.get("gen_ai.response.finish_reasons"))).as("end_turn, in the gateway's form").containsExactly("stop");
        assertThat(s).doesNotContainKeys("gen_ai.input.messages", "gen_ai.output.messages");
    }

    @Test
    void bedrockCallsThroughTheAwsSdkCarryTheirAttemptsTraceparent() throws Exception {
        String key = tenantWithKey("otlp-bedrock", null);
        String modelId = "anthropic.claude-3-5-sonnet-20240620-v1:0";
        BEDROCK.on("/model/" + modelId + "/converse", json(200, Fixtures.text("bedrock/plain/upstream-response.json")));
        BEDROCK.on("/model/" + modelId + "/converse-stream", FakeUpstream.stream(EventStreamFrames.CONTENT_TYPE,
                EventStreamFrames.fromJsonLines(Fixtures.text("bedrock/stream-text/upstream-stream.jsonl")), 0));

        for (boolean stream : List.of(false, true)) {
            String traceId = stream ? "5bf92f3577b34da6a3ce929d0e0e4737" : "6bf92f3577b34da6a3ce929d0e0e4738";
            int calls = BEDROCK.received().size();
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                    .header("traceparent", "00-" + traceId + "-" + CLIENT_SPAN + "-01")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"bedrock/" + modelId + "\",\"stream\":" + stream
                            + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(SPANS.stream()
                    .filter(s -> hex(s.getTraceId()).equals(traceId)).map(Span::getKind))
                    .contains(Span.SpanKind.SPAN_KIND_CLIENT, Span.SpanKind.SPAN_KIND_SERVER));
            Span attempt = SPANS.stream().filter(s -> hex(s.getTraceId()).equals(traceId) && s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT)
                    .findFirst().orElseThrow();
            FakeUpstream.Received call = BEDROCK.received().get(calls);
            assertThat(call.path()).endsWith(stream ? "/converse-stream" : "/converse");
            assertThat(call.headers().get("traceparent")).as("the request's trace, the attempt's span")
                    .isEqualTo("00-" + traceId + "-" + hex(attempt.getSpanId()) + "-01");
            assertThat(attributes(attempt).get("server.port").getIntValue()).isEqualTo(URI.create(BEDROCK.baseUrl()).getPort());
            Map<String, AnyValue> root = attributes(SPANS.stream().filter(s -> hex(s.getTraceId()).equals(traceId)
                    && s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst().orElseThrow());
            assertThat(root).as("Converse gives no response id").doesNotContainKey("gen_ai.response.id");
            assertThat(strings(root.get("gen_ai.response.finish_reasons"))).containsExactly("stop");
        }
    }

    @Test
    void aRequestWithoutTraceContextStartsItsOwnTrace() throws Exception {
        String key = tenantWithKey("otlp-own", null);
        OPENAI.on(OPENAI_PATH, json(200, Fixtures.text("openai/plain/upstream-response.json")));

        HttpResponse<String> response = call("POST", "/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", key);
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(SPANS).anySatisfy(s ->
                assertThat(attributes(s).get("llm_gateway.request_id")).isEqualTo(AnyValue.newBuilder().setStringValue(requestId).build())));
        Span root = SPANS.stream().filter(s -> requestId.equals(attributes(s).getOrDefault("llm_gateway.request_id",
                AnyValue.getDefaultInstance()).getStringValue())).findFirst().orElseThrow();
        assertThat(root.getParentSpanId().isEmpty()).as("a root span").isTrue();
        assertThat(root.getName()).isEqualTo("chat gpt-4o");
        assertThat(OPENAI.last().headers().get("traceparent")).startsWith("00-" + hex(root.getTraceId()) + "-");
    }
}
