package dev.llmgateway.gateway.metrics.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.gateway.metrics.CompletedRequest;
import dev.llmgateway.gateway.metrics.LabelValues;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** EMF records as the specification defines them: one JSON line, directives referring to root members. */
class EmfWriterTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private final List<String> lines = new ArrayList<>();
    private final EmfWriter writer = new EmfWriter("LlmGateway", "gateway-fn", EmfWriter.dimensionSets("Provider;Provider,Model"),
            Clock.fixed(NOW, ZoneOffset.UTC), lines::add);

    private static CompletedRequest stream(int status, String tenant) {
        CompletedRequest.Builder r = CompletedRequest.builder().model("gpt-4o").provider("openai").status(status).stream(true)
                .latency(Duration.ofMillis(1234)).timeToFirstToken(Duration.ofMillis(210)).usage(Usage.of(12, 5)).coldStart(true)
                .tenant(tenant).costMicros(tenant == null ? 0 : 20_000);
        if (status >= 500) r.providerError(new CompletedRequest.ProviderError("openai", "upstream_error"));
        return r.build();
    }

    /** Checks the structural rules of the specification and returns metric name -> value. */
    private static Map<String, Double> validMetrics(JsonNode root) {
        JsonNode aws = root.get("_aws");
        assertThat(aws.get("Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
        Map<String, Double> values = new java.util.TreeMap<>();
        for (JsonNode directive : aws.get("CloudWatchMetrics")) {
            assertThat(directive.get("Namespace").asText()).isEqualTo("LlmGateway");
            for (JsonNode set : directive.get("Dimensions")) {
                assertThat(set.size()).isBetween(1, 30);
                for (JsonNode name : set) assertThat(root.get(name.asText()).isTextual()).as("dimension %s", name).isTrue();
            }
            assertThat(directive.get("Metrics").size()).isBetween(1, 100);
            Set<String> names = new HashSet<>();
            for (JsonNode metric : directive.get("Metrics")) {
                String name = metric.get("Name").asText();
                assertThat(names.add(name)).isTrue();
                assertThat(metric.get("Unit").asText()).isIn("Count", "Milliseconds", "None");
                assertThat(root.get(name).isNumber()).as("metric %s", name).isTrue();
                values.put(name, root.get(name).asDouble());
            }
        }
        return values;
    }

    @Test
    void recordIsOneJsonLineWithEveryMetricBehindItsDirective() {
        writer.completed(stream(200, null));

        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).doesNotContain("\n");
        JsonNode root = Json.tree(lines.getFirst());
        Map<String, Double> metrics = validMetrics(root);
        assertThat(metrics).containsExactlyInAnyOrderEntriesOf(Map.of("Requests", 1.0, "ServerErrors", 0.0,
                "ProviderErrors", 0.0, "ColdStarts", 1.0, "Latency", 1234.0, "TimeToFirstToken", 210.0,
                "InputTokens", 12.0, "OutputTokens", 5.0));
        assertThat(root.at("/_aws/CloudWatchMetrics/0/Dimensions").toString())
                .isEqualTo("[[\"FunctionName\"],[\"FunctionName\",\"Provider\"],[\"FunctionName\",\"Provider\",\"Model\"]]");
        assertThat(root.get("FunctionName").asText()).isEqualTo("gateway-fn");
        assertThat(root.get("Provider").asText()).isEqualTo("openai");
        assertThat(root.get("Model").asText()).isEqualTo("gpt-4o");
        assertThat(root.get("Status").asText()).isEqualTo("200");
    }

    @Test
    void serverErrorsAndProviderErrorCodesAreRecorded() {
        writer.completed(stream(502, null));
        JsonNode root = Json.tree(lines.getFirst());
        assertThat(validMetrics(root)).containsEntry("ServerErrors", 1.0).containsEntry("ProviderErrors", 1.0);
        assertThat(root.get("ErrorCodes").toString()).isEqualTo("[\"upstream_error\"]");
    }

    @Test
    void unauthorizedIsWrittenOnlyFor401() {
        writer.completed(CompletedRequest.builder().status(401).latency(Duration.ofMillis(1)).build());
        writer.completed(stream(200, null));
        assertThat(validMetrics(Json.tree(lines.get(0)))).containsEntry("Unauthorized", 1.0).containsEntry("Requests", 1.0);
        assertThat(validMetrics(Json.tree(lines.get(1)))).doesNotContainKey("Unauthorized");
    }

    @Test
    void requestThatReachedNoProviderHasNoLatency() {
        writer.completed(CompletedRequest.builder().status(404).latency(Duration.ofMillis(1)).build());
        assertThat(validMetrics(Json.tree(lines.getFirst()))).doesNotContainKeys("Latency", "TimeToFirstToken", "InputTokens");
    }

    @Test
    void cacheAndReasoningTokensAnEstimatedUsageAndAnUnpricedModelAreRecorded() {
        Usage usage = Usage.builder().input(50).cacheRead(400).cacheWrite1h(2000).output(100).reasoning(60).estimated(true).build();
        writer.completed(CompletedRequest.builder().model("claude-sonnet-4-5").provider("anthropic").status(499).stream(true)
                .latency(Duration.ofMillis(5)).timeToFirstToken(Duration.ofMillis(2)).usage(usage).unpricedModel("my-fine-tune").build());
        JsonNode root = Json.tree(lines.getFirst());
        assertThat(validMetrics(root)).containsEntry("InputTokens", 2450.0).containsEntry("OutputTokens", 100.0)
                .containsEntry("CacheReadTokens", 400.0).containsEntry("CacheWriteTokens", 2000.0)
                .containsEntry("ReasoningTokens", 60.0).containsEntry("UnpricedRequests", 1.0);
        assertThat(root.get("UsageEstimated").asBoolean()).isTrue();
    }

    @Test
    void tenantMetricsGoInTheirOwnDirectiveWithTheTenantDimension() {
        writer.completed(stream(200, "acme"));
        JsonNode root = Json.tree(lines.getFirst());
        assertThat(validMetrics(root)).containsEntry("CostDollars", 0.02);
        assertThat(root.at("/_aws/CloudWatchMetrics/1/Dimensions").toString()).isEqualTo("[[\"FunctionName\",\"Tenant\"]]");
        assertThat(root.get("Tenant").asText()).isEqualTo("acme");
    }

    @Test
    void theResponseCacheIsInTheRecordLikeInPrometheus() {
        writer.completed(CompletedRequest.builder().model("gpt-4o").provider("cache").status(200).latency(Duration.ofMillis(3))
                .tenant("acme").cache(new CompletedRequest.Cache("hit", 120, 4500, false)).build());
        writer.completed(CompletedRequest.builder().model("gpt-4o").provider("openai").status(200).latency(Duration.ofMillis(3))
                .cache(new CompletedRequest.Cache("miss", 0, 0, true)).build());

        assertThat(validMetrics(Json.tree(lines.get(0)))).containsEntry("CacheHits", 1.0).containsEntry("CacheSavedTokens", 120.0)
                .containsEntry("CacheSavedDollars", 0.0045).doesNotContainKeys("CacheMisses", "CacheTooLarge");
        assertThat(validMetrics(Json.tree(lines.get(1)))).containsEntry("CacheMisses", 1.0).containsEntry("CacheTooLarge", 1.0)
                .doesNotContainKeys("CacheHits", "CacheSavedTokens");
    }

    @Test
    void everyRowOfTheMetricTableWithAnEmfNameReachesTheRecord() {
        CompletedRequest everything = CompletedRequest.builder().requestId("req_1").model("gpt-4o").provider("openai").status(401)
                .stream(true).latency(Duration.ofSeconds(1)).timeToFirstToken(Duration.ofMillis(100))
                .usage(Usage.builder().input(1).cacheRead(1).cacheWrite5m(1).output(2).reasoning(1).build())
                .providerError(new CompletedRequest.ProviderError("openai", "x"))
                .protocolError(new CompletedRequest.ProtocolError("openai", "negative")).fallback(new CompletedRequest.Fallback("a", "b"))
                .retries(1).coldStart(true).tenant("acme").costMicros(1).budgetBlocked(true)
                .downgrade(new CompletedRequest.Downgrade("a", "b"), null).unpricedModel("m")
                .cache(new CompletedRequest.Cache("hit", 1, 1, true))
                .guardrail(new CompletedRequest.Guardrail("p", "email", "block", "inbound", "messages[0].content"))
                .rateLimited(new CompletedRequest.RateLimited("tenant", "requests"))
                .breakerOpening(new CompletedRequest.BreakerOpening("openai", "gpt-4o")).build();
        writer.completed(everything);
        Map<String, Double> written = new java.util.TreeMap<>();
        for (String line : lines) written.putAll(validMetrics(Json.tree(line))); // a breaker opening is a record of its own

        Set<String> expected = new HashSet<>();
        for (dev.llmgateway.gateway.metrics.MetricTable.Row row : dev.llmgateway.gateway.metrics.MetricTable.ROWS) {
            for (dev.llmgateway.gateway.metrics.MetricTable.Emf emf : row.emf()) {
                if (!List.of("CacheMisses", "CacheBypasses", "ServerErrors").contains(emf.name())) expected.add(emf.name());
            }
        }
        assertThat(written.keySet()).containsAll(expected);
        assertThat(Json.tree(lines.getFirst()).get("RequestId").asText()).isEqualTo("req_1");
    }

    @Test
    void dimensionSetsAreConfigurableAndBounded() {
        assertThat(EmfWriter.dimensionSets("none")).containsExactly(List.of("FunctionName"));
        assertThat(EmfWriter.dimensionSets("Status; Provider,Status")).containsExactly(List.of("FunctionName"),
                List.of("FunctionName", "Status"), List.of("FunctionName", "Provider", "Status"));
        assertThatThrownBy(() -> EmfWriter.dimensionSets("Provider,RequestId"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RequestId");
    }

    @Test
    void eachBreakerOpeningIsARecordOfItsOwnWithTheTargetAsDimension() {
        writer.completed(CompletedRequest.builder().requestId("req_2").model("chat-default").provider("ollama").status(200)
                .latency(Duration.ofMillis(5)).breakerOpening(new CompletedRequest.BreakerOpening("openai", "gpt-4o"))
                .breakerOpening(new CompletedRequest.BreakerOpening("anthropic", "claude-x")).build());
        assertThat(lines).hasSize(3);
        assertThat(validMetrics(Json.tree(lines.get(0)))).doesNotContainKey("CircuitOpenings"); // not the request's Provider/Model
        for (int i = 1; i <= 2; i++) {
            JsonNode root = Json.tree(lines.get(i));
            assertThat(validMetrics(root)).isEqualTo(Map.of("CircuitOpenings", 1.0));
            assertThat(root.at("/_aws/CloudWatchMetrics/0/Dimensions").toString()).isEqualTo("[[\"FunctionName\",\"Target\"],[\"FunctionName\"]]");
            assertThat(root.get("FunctionName").asText()).isEqualTo("gateway-fn");
            assertThat(root.get("RequestId").asText()).isEqualTo("req_2");
        }
        assertThat(Json.tree(lines.get(1)).get("Target").asText()).isEqualTo("openai/gpt-4o");
        assertThat(Json.tree(lines.get(2)).get("Target").asText()).isEqualTo("anthropic/claude-x");

        lines.clear();
        writer.completed(stream(200, null));
        assertThat(lines).as("no opening, one record").hasSize(1);
    }
}
