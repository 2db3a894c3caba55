package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.llmgateway.core.testing.Fixtures;
import dev.llmgateway.gateway.testing.PrometheusText;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Failover, budgets and downgrades show up in the gateway's meters, each counted once. */
class RoutingMetricsE2eTest extends TenantE2eTest {

    private static ChatCompletionCreateParams hello(String model, long maxTokens) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").maxCompletionTokens(maxTokens).build();
    }

    @Test
    void failoverCountsOneFallbackOneRetryAndTheFailedProvidersError() throws Exception {
        String key = tenantWithKey("metered-router", null);
        adminOk("PUT", "/admin/routes/metered-failover", """
                {"targets":[{"provider":"openai","model":"gpt-4o-mini"},{"provider":"ollama","model":"llama3.2"}]}""");
        OPENAI.on(OPENAI_PATH, json(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
        OLLAMA.on(OLLAMA_PATH, json(200, Fixtures.text("ollama/plain/upstream-response.json")));
        PrometheusText before = scrape();

        sdk(key).chat().completions().create(hello("metered-failover", 64));

        awaitDelta(before, "gateway_requests_total", Map.of("model", "metered-failover", "provider", "ollama", "status", "200"), 1);
        PrometheusText after = scrape();
        assertThat(after.value("gateway_fallbacks_total", Map.of("from_provider", "openai", "to_provider", "ollama"))
                - before.value("gateway_fallbacks_total", Map.of("from_provider", "openai", "to_provider", "ollama"))).isEqualTo(1);
        assertThat(after.value("gateway_retries_total", Map.of()) - before.value("gateway_retries_total", Map.of())).isEqualTo(1);
        assertThat(after.value("gateway_provider_errors_total", Map.of("provider", "openai", "error_code", "upstream_error"))
                - before.value("gateway_provider_errors_total", Map.of("provider", "openai", "error_code", "upstream_error")))
                .isEqualTo(1);
    }

    @Test
    void twoFailingTargetsCountTwoProviderErrorsOneEach() throws Exception {
        String key = tenantWithKey("metered-all-failing", null);
        adminOk("PUT", "/admin/routes/metered-all-failing", """
                {"targets":[{"provider":"openai","model":"gpt-4o-mini"},{"provider":"ollama","model":"llama3.2"}]}""");
        OPENAI.on(OPENAI_PATH, json(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
        OLLAMA.on(OLLAMA_PATH, json(503, "{\"error\":\"overloaded\"}"));
        PrometheusText before = scrape();

        assertThatThrownBy(() -> sdk(key).chat().completions().create(hello("metered-all-failing", 64)))
                .isInstanceOf(com.openai.errors.OpenAIServiceException.class);

        awaitDelta(before, "gateway_requests_total", Map.of("model", "metered-all-failing", "provider", "ollama", "status", "502"), 1);
        PrometheusText after = scrape();
        assertThat(sum(after, "openai") - sum(before, "openai")).as("openai errors").isEqualTo(1);
        assertThat(sum(after, "ollama") - sum(before, "ollama")).as("ollama errors").isEqualTo(1);
    }

    private static double sum(PrometheusText text, String provider) {
        return text.matching("gateway_provider_errors_total", Map.of("provider", provider)).stream()
                .mapToDouble(PrometheusText.Sample::value).sum();
    }

    @Test
    void pricedRouteRecordsTheTenantsCost() throws Exception {
        String key = tenantWithKey("metered-payer", null);
        adminOk("PUT", "/admin/routes/metered-priced", """
                {"targets":[{"provider":"ollama","model":"llama3.2","price":{"input":1000000,"output":1000000}}]}""");
        OLLAMA.on(OLLAMA_PATH, json(200, Fixtures.text("ollama/plain/upstream-response.json")));
        PrometheusText before = scrape();

        sdk(key).chat().completions().create(hello("metered-priced", 64));

        // 26 prompt + 298 completion tokens at $1 per token.
        awaitDelta(before, "gateway_cost_dollars_total", Map.of("tenant", "metered-payer", "model", "metered-priced"), 324);
    }

    @Test
    void budgetRefusalAndDowngradeAreCountedPerTenant() throws Exception {
        String capped = tenantWithKey("metered-capped", "{\"tokens_per_day\":100}");
        PrometheusText before = scrape();
        assertThatThrownBy(() -> sdk(capped).chat().completions().create(hello("gpt-4o", 500)))
                .isInstanceOf(RateLimitException.class);
        awaitDelta(before, "gateway_budget_blocked_total", Map.of("tenant", "metered-capped"), 1);

        String thrifty = tenantWithKey("metered-thrifty", """
                {"tokens_per_day":2000,"soft_threshold_percent":1,"downgrade":{"gpt-4o":"gpt-4o-mini"}}""");
        OPENAI.on(OPENAI_PATH, echoModel());
        sdk(thrifty).chat().completions().create(hello("gpt-4o", 50));
        before = scrape();
        sdk(thrifty).chat().completions().create(hello("gpt-4o", 50));
        awaitDelta(before, "gateway_model_downgrades_total",
                Map.of("tenant", "metered-thrifty", "original_model", "gpt-4o", "downgraded_model", "gpt-4o-mini"), 1);
    }
}
