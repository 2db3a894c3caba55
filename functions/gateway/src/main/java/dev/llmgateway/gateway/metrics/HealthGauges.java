package dev.llmgateway.gateway.metrics;

import dev.llmgateway.core.routing.TargetHealth;
import dev.llmgateway.core.routing.TargetKey;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Gauges of the process's health: {@code gateway_circuit_state{provider,model}} per target seen
 * (0 closed, 1 half-open, 2 open; read when scraped or pushed), and {@code gateway_ready} (1 while
 * the process accepts traffic and has its secrets). The set of targets is refreshed as each request
 * ends; model values are bounded like every model label.
 */
public final class HealthGauges implements RequestSink {
    private final TargetHealth health;
    private final MultiGauge circuits;
    private final LabelValues models;

    public HealthGauges(MeterRegistry registry, TargetHealth health, BooleanSupplier ready, int maxLabelValues) {
        this.health = health;
        this.models = new LabelValues(maxLabelValues);
        this.circuits = MultiGauge.builder("gateway.circuit.state")
                .description("Circuit breaker per target: 0 closed, 1 half-open, 2 open").register(registry);
        Gauge.builder("gateway.ready", () -> ready.getAsBoolean() ? 1 : 0)
                .description("1 while the process is ready to serve (readiness state and secrets), else 0").register(registry);
    }

    @Override
    public void completed(CompletedRequest request) {
        refresh();
    }

    /** One row per target seen, its value read live. */
    public void refresh() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Map.Entry<TargetKey, TargetHealth.Circuit> e : health.circuits().entrySet()) {
            TargetKey key = e.getKey();
            rows.add(MultiGauge.Row.of(Tags.of("provider", key.provider(), "model", models.admit(key.model())),
                    () -> health.circuits().getOrDefault(key, TargetHealth.Circuit.CLOSED).ordinal()));
        }
        circuits.register(rows, true);
    }
}
