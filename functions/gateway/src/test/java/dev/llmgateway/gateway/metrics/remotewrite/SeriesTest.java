package dev.llmgateway.gateway.metrics.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.api.Usage;
import dev.llmgateway.gateway.metrics.CompletedRequest;
import dev.llmgateway.gateway.metrics.GatewayMetrics;
import dev.llmgateway.gateway.testing.PrometheusText;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What remote write sends is exactly what /actuator/prometheus shows: same series, same labels, same values. */
class SeriesTest {
    @Test
    void pushedSeriesEqualTheScrapedSamples() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        GatewayMetrics metrics = new GatewayMetrics(registry);
        for (int i = 0; i < 3; i++) {
            metrics.completed(CompletedRequest.builder().model("gpt-4o").provider("openai").status(200).stream(true)
                    .latency(Duration.ofMillis(700 * (i + 1))).timeToFirstToken(Duration.ofMillis(90)).usage(Usage.of(10, 20))
                    .coldStart(i == 0).build());
        }
        DistributionSummary.builder("test.summary").publishPercentiles(0.5, 0.99).register(registry).record(3);

        String text = registry.scrape();
        List<Series> series = Series.from(registry.getPrometheusRegistry().scrape(), Map.of("instance", "i-1", "job", "gw"));

        Map<String, Double> pushed = new HashMap<>();
        for (Series s : series) {
            Map<String, String> labels = new TreeMap<>();
            s.labels().forEach(l -> labels.put(l.name(), l.value()));
            assertThat(labels.remove("instance")).isEqualTo("i-1");
            assertThat(labels.remove("job")).isEqualTo("gw");
            assertThat(s.labels()).extracting(Series.Label::name).isSorted();
            pushed.put(labels.toString(), s.value());
        }
        Map<String, Double> scraped = new HashMap<>();
        for (PrometheusText.Sample sample : PrometheusText.parse(text).samples()) {
            Map<String, String> labels = new TreeMap<>(sample.labels());
            labels.values().removeIf(String::isEmpty); // an empty label value is an absent label in Prometheus
            labels.put("__name__", sample.name());
            scraped.put(labels.toString(), sample.value());
        }
        // Thread and memory gauges are read at scrape time and may move between the two reads.
        Set<String> stable = scraped.keySet().stream().filter(k -> k.contains("gateway_") || k.contains("test_summary"))
                .collect(Collectors.toSet());
        assertThat(pushed.keySet()).isEqualTo(scraped.keySet());
        assertThat(stable).hasSizeGreaterThan(40);
        stable.forEach(k -> assertThat(pushed.get(k)).as(k).isEqualTo(scraped.get(k)));
        assertThat(pushed).containsEntry("{__name__=gateway_latency_seconds_bucket, le=1.0, model=gpt-4o, provider=openai}", 1.0)
                .containsEntry("{__name__=gateway_latency_seconds_bucket, le=+Inf, model=gpt-4o, provider=openai}", 3.0)
                .containsEntry("{__name__=gateway_requests_total, model=gpt-4o, provider=openai, status=200}", 3.0);
    }
}
