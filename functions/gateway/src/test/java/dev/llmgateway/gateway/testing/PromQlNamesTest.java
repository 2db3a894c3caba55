package dev.llmgateway.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlNamesTest {
    @Test
    void findsMetricNamesAndNothingElse() {
        assertThat(PromQlNames.of("histogram_quantile(0.99, sum by (le, model) (rate(gateway_latency_seconds_bucket{provider=~\"$provider\",le!=\"x y\"}[$__rate_interval])))"))
                .containsExactly("gateway_latency_seconds_bucket");
        assertThat(PromQlNames.of("100 * sum(rate(a_total{status=~\"5..\"}[5m])) / sum without (instance) (rate(b_total[1h] offset 5m)) > bool 1e3"))
                .containsExactly("a_total", "b_total");
        assertThat(PromQlNames.of("process_cpu_usage")).containsExactly("process_cpu_usage");
        assertThat(PromQlNames.of("sum(x) and on (job) y or vector(0)")).containsExactly("x", "y");
        assertThat(PromQlNames.of("label_values(gateway_requests_total, provider)")).containsExactly("gateway_requests_total");
        assertThat(PromQlNames.of("sum by (tenant) (increase(gateway_cost_dollars_total[$__range]))")).containsExactly("gateway_cost_dollars_total");
    }
}
