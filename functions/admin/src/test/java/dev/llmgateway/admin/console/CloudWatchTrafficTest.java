package dev.llmgateway.admin.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

/** The deployed data source asks CloudWatch for the fleet's numbers in one GetMetricData call, and reads the newest minute. */
class CloudWatchTrafficTest {
    final List<GetMetricDataRequest> asked = new ArrayList<>();
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:07:42Z"));

    /** A CloudWatch that answers with fixed series, newest value first (the request's TIMESTAMP_DESCENDING). */
    CloudWatchClient cloudWatch(Map<String, List<Double>> series) {
        return new CloudWatchClient() {
            @Override
            public GetMetricDataResponse getMetricData(GetMetricDataRequest request) {
                asked.add(request);
                return GetMetricDataResponse.builder().metricDataResults(request.metricDataQueries().stream()
                        .map(q -> MetricDataResult.builder().id(q.id()).values(series.getOrDefault(q.id(), List.of())).build()).toList()).build();
            }

            @Override public String serviceName() { return "cloudwatch"; }
            @Override public void close() {}
        };
    }

    @Test
    void oneCallOverEveryFunctionOfTheNamespace() {
        CloudWatchTraffic source = new CloudWatchTraffic(() -> cloudWatch(Map.of(
                "requests", List.of(120.0, 60.0), "errors", List.of(6.0), "input", List.of(3000.0), "output", List.of(600.0),
                "p50", List.of(420.0), "p95", List.of(2300.0),
                "cacheHits", List.of(4.0, 6.0), "cacheSaved", List.of(0.25, 0.5))), "LlmGateway", clock);
        TrafficSource.Traffic t = source.traffic();
        assertThat(asked).singleElement().satisfies(r -> {
            assertThat(r.startTime()).isEqualTo(Instant.parse("2026-12-02T09:57:00Z"));
            assertThat(r.endTime()).isEqualTo(Instant.parse("2026-12-02T10:07:00Z")); // whole minutes
            assertThat(r.metricDataQueries()).extracting(MetricDataQuery::id).containsExactly("requests", "errors", "input", "output", "p50", "p95",
                    "cacheHits", "cacheSaved");
            assertThat(r.metricDataQueries().get(7).expression())
                    .isEqualTo("SUM(SEARCH('{\"LlmGateway\",FunctionName} MetricName=\"CacheSavedDollars\"', 'Sum', 60))");
            assertThat(r.metricDataQueries().get(0).expression())
                    .isEqualTo("SUM(SEARCH('{\"LlmGateway\",FunctionName} MetricName=\"Requests\"', 'Sum', 60))");
            assertThat(r.metricDataQueries().get(5).expression())
                    .isEqualTo("MAX(SEARCH('{\"LlmGateway\",FunctionName} MetricName=\"Latency\"', 'p95', 60))");
        });
        assertThat(t.requestsPerSecond()).isEqualTo(2.0);
        assertThat(t.errorRate()).isEqualTo(0.05);
        assertThat(t.tokensPerMinute()).isEqualTo(3600.0);
        assertThat(t.p50Millis()).isEqualTo(420.0);
        assertThat(t.p95Millis()).isEqualTo(2300.0);
        assertThat(t.requests()).isEqualTo(120);
        assertThat(t.cacheHits()).as("every minute of the window, summed").isEqualTo(10);
        assertThat(t.cacheSavedUsd()).isEqualTo(0.75);
        assertThat(source.cacheSpan()).isEqualTo("the last 10 minutes, every gateway function");
    }

    @Test
    void aQuietMinuteHasNoLatency() {
        TrafficSource.Traffic t = new CloudWatchTraffic(() -> cloudWatch(Map.of()), "LlmGateway", clock).traffic();
        assertThat(t.requestsPerSecond()).isZero();
        assertThat(t.errorRate()).isZero();
        assertThat(t.p95Millis()).isNull();
    }
}
