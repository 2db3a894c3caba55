package dev.llmgateway.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.api.Usage;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exported names and labels, exactly as the issue specifies them, in the Prometheus text format.
 * This covers the meters that routing, failover and budgets will drive (not wired to traffic yet).
 */
class GatewayMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final GatewayMetrics metrics = new GatewayMetrics(registry);

    private static CompletedRequest request(String tenant) {
        return CompletedRequest.builder().model("gpt-4o").provider("openai").status(200).stream(true)
                .latency(Duration.ofMillis(1500)).timeToFirstToken(Duration.ofMillis(300)).usage(Usage.of(12, 5))
                .providerError(new CompletedRequest.ProviderError("anthropic", "overloaded_error"))
                .fallback(new CompletedRequest.Fallback("anthropic", "openai")).retries(2).coldStart(true).tenant(tenant)
                .costMicros(125_000).budgetBlocked(true).downgrade(new CompletedRequest.Downgrade("gpt-4o", "gpt-4o-mini"), null).build();
    }

    @Test
    void everyMeterHasItsSpecifiedNameAndLabels() {
        metrics.completed(request("acme"));
        String text = registry.scrape();

        assertThat(text).contains(
                "gateway_requests_total{model=\"gpt-4o\",provider=\"openai\",status=\"200\"} 1.0",
                "gateway_latency_seconds_count{model=\"gpt-4o\",provider=\"openai\"} 1",
                "gateway_latency_seconds_bucket{model=\"gpt-4o\",provider=\"openai\",le=\"2.0\"} 1",
                "gateway_latency_seconds_bucket{model=\"gpt-4o\",provider=\"openai\",le=\"1.0\"} 0",
                "gateway_time_to_first_token_seconds_bucket{model=\"gpt-4o\",provider=\"openai\",le=\"0.3\"} 1",
                "gateway_tokens_total{direction=\"input\",model=\"gpt-4o\",provider=\"openai\"} 12.0",
                "gateway_tokens_total{direction=\"output\",model=\"gpt-4o\",provider=\"openai\"} 5.0",
                "gateway_provider_errors_total{error_code=\"overloaded_error\",provider=\"anthropic\"} 1.0",
                "gateway_fallbacks_total{from_provider=\"anthropic\",to_provider=\"openai\"} 1.0",
                "gateway_retries_total 2.0",
                "gateway_cost_dollars_total{model=\"gpt-4o\",provider=\"openai\",tenant=\"acme\"} 0.125",
                "gateway_budget_blocked_total{provider=\"openai\",tenant=\"acme\"} 1.0",
                "gateway_model_downgrades_total{downgraded_model=\"gpt-4o-mini\",original_model=\"gpt-4o\",provider=\"openai\",tenant=\"acme\"} 1.0",
                "gateway_cold_starts_total 1.0");
        assertThat(text).contains("# TYPE gateway_latency_seconds histogram", "# TYPE gateway_requests_total counter");
    }

    @Test
    void tokenBucketsAreLabelledAsPartsOfInputAndOutputAndUnpricedModelsAreCounted() {
        Usage usage = Usage.builder().input(50).cacheRead(400).cacheWrite5m(1000).cacheWrite1h(2000).output(100).reasoning(60).build();
        metrics.completed(CompletedRequest.builder().model("claude-sonnet-4-5").provider("anthropic").status(200)
                .latency(Duration.ofMillis(5)).usage(usage).tenant("acme").unpricedModel("my-fine-tune").build());
        String text = registry.scrape();
        String labels = ",model=\"claude-sonnet-4-5\",provider=\"anthropic\"} ";
        assertThat(text).contains(
                "gateway_tokens_total{direction=\"input\"" + labels + "3450.0",
                "gateway_tokens_total{direction=\"output\"" + labels + "100.0",
                "gateway_tokens_total{direction=\"cache_read\"" + labels + "400.0",
                "gateway_tokens_total{direction=\"cache_write_5m\"" + labels + "1000.0",
                "gateway_tokens_total{direction=\"cache_write_1h\"" + labels + "2000.0",
                "gateway_tokens_total{direction=\"reasoning\"" + labels + "60.0",
                "gateway_unpriced_requests_total{model=\"my-fine-tune\"} 1.0");
        assertThat(text).as("absent parts make no series").doesNotContain("direction=\"audio_input\"");
    }

    @Test
    void requestWithoutTenantUsesTheFixedTenantValue() {
        metrics.completed(request(null));
        assertThat(registry.scrape()).contains("gateway_cost_dollars_total{model=\"gpt-4o\",provider=\"openai\",tenant=\"none\"} 0.125");
    }

    @Test
    void countersAreCumulative() {
        metrics.completed(request("acme"));
        metrics.completed(request("acme"));
        assertThat(registry.scrape()).contains("gateway_requests_total{model=\"gpt-4o\",provider=\"openai\",status=\"200\"} 2.0",
                "gateway_tokens_total{direction=\"input\",model=\"gpt-4o\",provider=\"openai\"} 24.0", "gateway_retries_total 4.0");
    }

    @Test
    void latencyOfARequestThatReachedNoProviderIsNotRecorded() {
        metrics.completed(CompletedRequest.builder().status(404).latency(Duration.ofMillis(2)).build());
        String text = registry.scrape();
        assertThat(text).contains("gateway_requests_total{model=\"unknown\",provider=\"none\",status=\"404\"} 1.0");
        assertThat(text).doesNotContain("gateway_latency_seconds_count");
    }
}
