package dev.llmgateway.gateway.telemetry;

import dev.llmgateway.gateway.metrics.CompletedRequest;
import dev.llmgateway.gateway.metrics.MetricTable;
import dev.llmgateway.gateway.metrics.RequestSink;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The GenAI rows of the {@link MetricTable} as OpenTelemetry histograms, with the conventions'
 * units and bucket boundaries, exported over OTLP with the spans. Prometheus reads the same rows
 * through {@code GatewayMetrics}, so both carry the same values.
 */
public final class OtlpMetrics implements RequestSink {
    private final Map<MetricTable.Row, DoubleHistogram> instruments = new LinkedHashMap<>();

    OtlpMetrics(Meter meter) {
        for (MetricTable.Row row : MetricTable.ROWS) {
            if (!row.otlp()) continue;
            instruments.put(row, meter.histogramBuilder(row.name()).setDescription(row.description()).setUnit(row.unit())
                    .setExplicitBucketBoundariesAdvice(Arrays.stream(row.buckets()).boxed().toList()).build());
        }
    }

    @Override
    public void completed(CompletedRequest r) {
        instruments.forEach((row, histogram) -> {
            for (MetricTable.Sample s : row.samples().apply(r)) histogram.record(s.value(), attributes(s.labels()));
        });
    }

    /** The sample's labels; an empty one (no {@code error.type}: the operation succeeded) is left out. */
    private static Attributes attributes(Map<String, String> labels) {
        AttributesBuilder builder = Attributes.builder();
        labels.forEach((k, v) -> {
            if (!v.isEmpty()) builder.put(k, v);
        });
        return builder.build();
    }
}
