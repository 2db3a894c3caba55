package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import dev.llmgateway.gateway.metrics.CompletedRequest;
import dev.llmgateway.gateway.metrics.GatewayMetrics;
import dev.llmgateway.gateway.testing.PrometheusText;
import dev.llmgateway.gateway.testing.PromQlNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Grafana dashboard queries only what the gateway exports: every metric name in every PromQL
 * expression must appear in /actuator/prometheus after real traffic (histogram suffixes included,
 * since the scrape lists {@code _bucket}/{@code _count}/{@code _sum} samples). The meters that
 * routing and budgets will drive are exercised through their API, as those later callers will.
 */
class DashboardsE2eTest extends GatewayE2eTest {
    static final Path GRAFANA = Path.of("../../infra/grafana/gateway-dashboard.json");

    @Autowired
    GatewayMetrics metrics;

    private static List<String> expressions(JsonNode dashboard) {
        List<String> out = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> out.add(e.asText()));
        for (JsonNode variable : dashboard.at("/templating/list")) {
            if (variable.get("type").asText().equals("query")) out.add(variable.at("/query/query").asText());
        }
        return out;
    }

    @Test
    void everyGrafanaExpressionNamesOnlyExportedMetrics() throws Exception {
        OPENAI.on("/v1/chat/completions", json(200, Fixtures.text("openai/plain/upstream-response.json")));
        post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        OPENAI.on("/v1/chat/completions", FakeUpstream.stream("text/event-stream",
                FakeUpstream.events(Fixtures.text("openai/stream/upstream-stream.txt"), "\n\n"), 0));
        post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        OPENAI.on("/v1/chat/completions", json(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
        post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        // Not wired to traffic yet (routing, failover, budgets): driven through the API those will call.
        metrics.completed(CompletedRequest.builder().model("gpt-4o").provider("openai").status(200).latency(Duration.ofMillis(5))
                .fallback(new CompletedRequest.Fallback("anthropic", "openai")).tenant("acme").costMicros(10_000).budgetBlocked(true)
                .downgrade(new CompletedRequest.Downgrade("gpt-4o", "gpt-4o-mini"), null).build());

        Set<String> exported = new TreeSet<>();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            exported.clear();
            exported.addAll(PrometheusText.parse(get("/actuator/prometheus").body()).names());
            assertThat(exported).contains("gateway_time_to_first_token_seconds_bucket", "gateway_provider_errors_total");
        });

        JsonNode dashboard = Json.tree(Files.readString(GRAFANA));
        List<String> expressions = expressions(dashboard);
        assertThat(expressions).hasSizeGreaterThan(15);
        Set<String> used = new TreeSet<>();
        for (String expression : expressions) {
            Set<String> names = PromQlNames.of(expression);
            assertThat(names).as("metric names in %s", expression).isNotEmpty();
            assertThat(exported).as("exported metrics, for %s", expression).containsAll(names);
            used.addAll(names);
        }
        assertThat(used).as("the dashboard covers what the issue asks for").contains("gateway_requests_total",
                "gateway_latency_seconds_bucket", "gateway_time_to_first_token_seconds_bucket", "gateway_tokens_total",
                "gateway_provider_errors_total", "gateway_cost_dollars_total", "gateway_fallbacks_total",
                "gateway_model_downgrades_total", "gateway_budget_blocked_total", "gateway_cold_starts_total");
        assertThat(used).as("and the OpenTelemetry GenAI metrics").contains("gen_ai_client_token_usage_sum",
                "gen_ai_client_operation_duration_seconds_bucket", "gen_ai_server_request_duration_seconds_bucket",
                "gen_ai_server_time_to_first_token_seconds_bucket");
    }

    @Test
    void everyPanelQueryHonoursTheProviderVariable() throws Exception {
        JsonNode dashboard = Json.tree(Files.readString(GRAFANA));
        List<String> checked = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.get("expr").asText();
                assertThat(expr).as("panel %s: %s", panel.get("id"), panel.get("title")).contains("$provider");
                checked.add(expr);
            }
        }
        assertThat(checked).hasSizeGreaterThan(20);
    }

    @Test
    void theImportDialogAsksForThePrometheusDataSource() throws Exception {
        String text = Files.readString(GRAFANA);
        JsonNode inputs = Json.tree(text).get("__inputs");
        assertThat(inputs).hasSize(1);
        JsonNode input = inputs.get(0);
        assertThat(input.get("type").asText()).isEqualTo("datasource");
        assertThat(input.get("pluginId").asText()).isEqualTo("prometheus");
        // Grafana replaces ${<input name>} with the chosen data source: the datasource variable starts there.
        assertThat(Json.tree(text).at("/templating/list/0/current/value").asText()).isEqualTo("${" + input.get("name").asText() + "}");
        assertThat(Json.tree(text).get("__requires").findValuesAsText("id")).contains("prometheus", "grafana");
    }

    @Test
    void grafanaDashboardUsesItsPrometheusDatasourceVariableEverywhere() throws Exception {
        JsonNode dashboard = Json.tree(Files.readString(GRAFANA));
        JsonNode variable = dashboard.at("/templating/list/0");
        assertThat(variable.get("type").asText()).isEqualTo("datasource");
        assertThat(variable.get("query").asText()).isEqualTo("prometheus");
        List<JsonNode> datasources = dashboard.findValues("datasource");
        assertThat(datasources).hasSizeGreaterThan(20).allSatisfy(ds -> {
            assertThat(ds.get("type").asText()).isEqualTo("prometheus");
            assertThat(ds.get("uid").asText()).isEqualTo("${datasource}");
        });
    }
}
