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

    static MetricDataResult series(String id, String label, List<Instant> times, List<Double> values) {
        return MetricDataResult.builder().id(id).label(label).timestamps(times).values(values).build();
    }

    /** A CloudWatch that answers with {@code pages} in turn, each page's results as given, linked by next tokens. */
    CloudWatchClient paged(List<List<MetricDataResult>> pages) {
        return new CloudWatchClient() {
            @Override
            public GetMetricDataResponse getMetricData(GetMetricDataRequest request) {
                asked.add(request);
                int page = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
                return GetMetricDataResponse.builder().metricDataResults(pages.get(page))
                        .nextToken(page + 1 < pages.size() ? String.valueOf(page + 1) : null).build();
            }

            @Override public String serviceName() { return "cloudwatch"; }
            @Override public void close() {}
        };
    }

    @Test
    void providersGetTheFleetsFiguresPerProviderAndRequestedModel() {
        Instant window = Instant.parse("2026-12-02T09:57:00Z");
        Instant lastMinute = Instant.parse("2026-12-02T10:06:00Z");
        List<Instant> once = List.of(window);
        // two gateway functions serve openai: their series come apart and are summed (counts) or the worst taken (p95)
        List<MetricDataResult> first = List.of(
                series("p_requests", "openai", once, List.of(100.0)), series("p_requests", "openai", once, List.of(50.0)),
                series("p_errors", "openai", once, List.of(3.0)), series("p_errors", "openai", once, List.of(0.0)),
                series("p_latency_sum", "openai", once, List.of(30_000.0)), series("p_latency_sum", "openai", once, List.of(15_000.0)),
                series("p_latency_count", "openai", once, List.of(100.0)), series("p_latency_count", "openai", once, List.of(50.0)),
                series("p_p95", "openai", once, List.of(800.0)), series("p_p95", "openai", once, List.of(1200.0)),
                series("p_errors_minute", "openai", List.of(lastMinute, lastMinute.minusSeconds(60)), List.of(2.0, 1.0)),
                series("p_errors_minute", "openai", List.of(lastMinute.minusSeconds(180)), List.of(5.0)), // not the newest minute
                series("p_requests", "${PROP('Dim.Provider')}", once, List.of(9.0))); // a label CloudWatch did not resolve
        List<MetricDataResult> second = List.of(
                series("t_requests", "openai|chat-default", once, List.of(150.0)),
                series("t_errors", "openai|chat-default", once, List.of(3.0)),
                series("t_p95", "openai|chat-default", once, List.of(1200.0)),
                series("t_requests", "ollama|team/llama|x", once, List.of(4.0)));
        CloudWatchTraffic source = new CloudWatchTraffic(() -> paged(List.of(first, second)), "LlmGateway", clock);

        List<TrafficSource.ProviderStatus> rows = source.providers();

        assertThat(asked).hasSize(2); // the second page asked for with the first's token
        assertThat(asked.get(1).nextToken()).isEqualTo("1");
        GetMetricDataRequest request = asked.get(0);
        assertThat(request.startTime()).isEqualTo(window);
        assertThat(request.endTime()).isEqualTo(Instant.parse("2026-12-02T10:07:00Z"));
        assertThat(request.metricDataQueries()).extracting(MetricDataQuery::id).containsExactly(
                "p_requests", "p_errors", "p_latency_sum", "p_latency_count", "p_p95", "p_errors_minute",
                "t_requests", "t_errors", "t_latency_sum", "t_latency_count", "t_p95", "t_errors_minute");
        MetricDataQuery targetP95 = request.metricDataQueries().get(10);
        assertThat(targetP95.expression())
                .isEqualTo("SEARCH('{\"LlmGateway\",FunctionName,Provider,Model} MetricName=\"Latency\"', 'p95', 600)");
        assertThat(targetP95.label()).isEqualTo("${PROP('Dim.Provider')}|${PROP('Dim.Model')}");
        assertThat(targetP95.period()).isEqualTo(600);
        MetricDataQuery perMinute = request.metricDataQueries().get(5);
        assertThat(perMinute.expression())
                .isEqualTo("SEARCH('{\"LlmGateway\",FunctionName,Provider} MetricName=\"ServerErrors\"', 'Sum', 60)");
        assertThat(perMinute.label()).isEqualTo("${PROP('Dim.Provider')}");

        assertThat(rows).extracting(r -> r.provider() + " " + r.model())
                .containsExactly("ollama team/llama|x", "openai null", "openai chat-default");
        TrafficSource.ProviderStatus openai = rows.get(1);
        assertThat(openai.averageMillis()).isEqualTo(300.0);
        assertThat(openai.p95Millis()).isEqualTo(1200.0);
        assertThat(openai.errorRate()).isEqualTo(0.02);
        assertThat(openai.errorsLastMinute()).isEqualTo(2L);
        assertThat(openai.breaker()).isEqualTo("per environment");
        assertThat(openai.ewmaMillis()).isNull();
        TrafficSource.ProviderStatus target = rows.get(2);
        assertThat(target.errorRate()).isEqualTo(0.02);
        assertThat(target.averageMillis()).as("no latency series for it").isNull();
        assertThat(rows.get(0).errorRate()).as("4 requests, no 5xx series").isZero();
    }

    @Test
    void providersAreEmptyWhenCloudWatchHasNoSeries() {
        assertThat(new CloudWatchTraffic(() -> paged(List.of(List.of())), "LlmGateway", clock).providers()).isEmpty();
    }

    @Test
    void breakerOpeningsAreTheFleetsSumPerTargetOverTheWindow() {
        List<Instant> minutes = List.of(Instant.parse("2026-12-02T10:00:00Z"));
        CloudWatchTraffic source = new CloudWatchTraffic(() -> paged(List.of(List.of(
                series("openings", "openai/gpt-4o-mini", minutes, List.of(2.0)), // two functions, the same target
                series("openings", "openai/gpt-4o-mini", minutes, List.of(1.0)),
                series("openings", "ollama/llama3.2", minutes, List.of(0.0)), // a series of zeros: no opening
                series("openings", "${PROP('Dim.Target')}", minutes, List.of(5.0))))), "LlmGateway", clock);

        List<TrafficSource.BreakerOpenings> openings = source.breakerOpenings();

        MetricDataQuery query = asked.getFirst().metricDataQueries().getFirst();
        assertThat(query.expression()).isEqualTo("SEARCH('{\"LlmGateway\",FunctionName,Target} MetricName=\"CircuitOpenings\"', 'Sum', 600)");
        assertThat(query.label()).isEqualTo("${PROP('Dim.Target')}");
        assertThat(asked.getFirst().startTime()).isEqualTo(Instant.parse("2026-12-02T09:57:00Z"));
        assertThat(openings).containsExactly(new TrafficSource.BreakerOpenings("openai/gpt-4o-mini", 3, 10));
        assertThat(TrafficSource.NONE.breakerOpenings()).as("a source that sees the breakers has no such list").isNull();
    }
}
