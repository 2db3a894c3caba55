package dev.llmgateway.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;

/**
 * The gateway's meters in Micrometer, read from the {@link MetricTable}. Names are given in
 * Micrometer's dotted form; the Prometheus registry exports them as {@code gateway_requests_total},
 * {@code gateway_latency_seconds_bucket}, ... (docs/observability.md has the table). Every finished
 * API request is recorded here once.
 */
public final class GatewayMetrics implements RequestSink {
    private final MeterRegistry registry;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Label-less counters exist from the start, so their first increment shows as an increase.
        for (MetricTable.Row row : MetricTable.ROWS) {
            if (row.labels().isEmpty() && row.type() == MetricTable.Type.COUNTER) counter(row, Map.of());
        }
    }

    @Override
    public void completed(CompletedRequest r) {
        for (MetricTable.Row row : MetricTable.ROWS) {
            for (MetricTable.Sample s : row.samples().apply(r)) {
                switch (row.type()) {
                    case COUNTER -> counter(row, s.labels()).increment(s.value());
                    case HISTOGRAM -> Timer.builder(row.name()).description(row.description()).tags(tags(s.labels()))
                            .serviceLevelObjectives(durations(row.buckets())).register(registry)
                            .record(Duration.ofNanos(Math.round(s.value() * 1e9)));
                    case DISTRIBUTION -> DistributionSummary.builder(row.name()).description(row.description()).tags(tags(s.labels()))
                            .serviceLevelObjectives(row.buckets()).register(registry).record(s.value());
                }
            }
        }
    }

    private Counter counter(MetricTable.Row row, Map<String, String> labels) {
        return Counter.builder(row.name()).description(row.description()).tags(tags(labels)).register(registry);
    }

    private static Duration[] durations(double[] seconds) {
        Duration[] out = new Duration[seconds.length];
        for (int i = 0; i < seconds.length; i++) out[i] = Duration.ofNanos(Math.round(seconds[i] * 1e9));
        return out;
    }

    private static Tags tags(Map<String, String> labels) {
        Tags tags = Tags.empty();
        for (Map.Entry<String, String> e : labels.entrySet()) tags = tags.and(e.getKey(), e.getValue());
        return tags;
    }
}
