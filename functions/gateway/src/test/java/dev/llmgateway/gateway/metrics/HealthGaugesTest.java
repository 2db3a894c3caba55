package dev.llmgateway.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.routing.TargetHealth;
import dev.llmgateway.core.routing.TargetKey;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** One breaker gauge per target seen, read live, and the readiness gauge. */
class HealthGaugesTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong clock = new AtomicLong();
    private final TargetHealth health = new TargetHealth(new TargetHealth.Settings(1, Duration.ofSeconds(30), 0.3), clock::get);
    private final AtomicBoolean ready = new AtomicBoolean(true);
    private final HealthGauges gauges = new HealthGauges(registry, health, ready::get, 10);

    @Test
    void aTargetsBreakerIsAGaugeFromTheRequestThatFirstUsedIt() {
        assertThat(registry.scrape()).contains("gateway_ready 1.0").doesNotContain("gateway_circuit_state{");
        health.success(new TargetKey("openai", "gpt-4o"), 1_000_000);
        health.failure(new TargetKey("anthropic", "claude-sonnet-4-5"), null);
        gauges.completed(null);

        assertThat(registry.scrape()).contains("gateway_circuit_state{model=\"gpt-4o\",provider=\"openai\"} 0.0",
                "gateway_circuit_state{model=\"claude-sonnet-4-5\",provider=\"anthropic\"} 2.0");
        clock.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThat(registry.scrape()).as("read when scraped").contains(
                "gateway_circuit_state{model=\"claude-sonnet-4-5\",provider=\"anthropic\"} 1.0");
        ready.set(false);
        assertThat(registry.scrape()).contains("gateway_ready 0.0");
    }
}
