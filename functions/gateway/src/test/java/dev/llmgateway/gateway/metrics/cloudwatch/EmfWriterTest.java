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
        return new CompletedRequest("gpt-4o", "openai", status, true, Duration.ofMillis(1234), Duration.ofMillis(210),
                Usage.of(12, 5), status >= 500 ? List.of(new CompletedRequest.ProviderError("openai", "upstream_error")) : List.of(),
                List.of(), 0, true, tenant, tenant == null ? 0 : 0.02, false, null);
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
        writer.completed(new CompletedRequest(LabelValues.UNKNOWN_MODEL, LabelValues.NO_PROVIDER, 401, false,
                Duration.ofMillis(1), null, null, List.of(), List.of(), 0, false, null, 0, false, null));
        writer.completed(stream(200, null));
        assertThat(validMetrics(Json.tree(lines.get(0)))).containsEntry("Unauthorized", 1.0).containsEntry("Requests", 1.0);
        assertThat(validMetrics(Json.tree(lines.get(1)))).doesNotContainKey("Unauthorized");
    }

    @Test
    void requestThatReachedNoProviderHasNoLatency() {
        writer.completed(new CompletedRequest(LabelValues.UNKNOWN_MODEL, LabelValues.NO_PROVIDER, 404, false,
                Duration.ofMillis(1), null, null, List.of(), List.of(), 0, false, null, 0, false, null));
        assertThat(validMetrics(Json.tree(lines.getFirst()))).doesNotContainKeys("Latency", "TimeToFirstToken", "InputTokens");
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
    void dimensionSetsAreConfigurableAndBounded() {
        assertThat(EmfWriter.dimensionSets("none")).containsExactly(List.of("FunctionName"));
        assertThat(EmfWriter.dimensionSets("Status; Provider,Status")).containsExactly(List.of("FunctionName"),
                List.of("FunctionName", "Status"), List.of("FunctionName", "Provider", "Status"));
        assertThatThrownBy(() -> EmfWriter.dimensionSets("Provider,RequestId"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RequestId");
    }
}
