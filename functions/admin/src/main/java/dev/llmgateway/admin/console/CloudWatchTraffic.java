package dev.llmgateway.admin.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * The deployed data source: one {@code GetMetricData} call over the EMF metrics the gateway writes
 * (docs/observability.md). Each query is a SEARCH over every function of the namespace, summed (or,
 * for latency percentiles, the worst of them), so the console shows the whole fleet, not one
 * environment. The newest complete minute is shown. Breaker state lives in each gateway
 * environment's memory, so this source has none.
 */
public final class CloudWatchTraffic implements TrafficSource {
    static final int PERIOD_SECONDS = 60;
    /** The span of one query: the newest minute is the live figure, the cache's numbers are summed over all of it. */
    static final int WINDOW_MINUTES = 10;

    private final Supplier<CloudWatchClient> client;
    private final String namespace;
    private final Clock clock;
    private volatile CloudWatchClient created;

    public CloudWatchTraffic(Supplier<CloudWatchClient> client, String namespace, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.clock = clock;
    }

    /** The query ids and their expressions (also what the tests check). */
    Map<String, String> expressions() {
        Map<String, String> q = new java.util.LinkedHashMap<>();
        q.put("requests", "SUM(" + search("Requests", "Sum") + ")");
        q.put("errors", "SUM(" + search("ServerErrors", "Sum") + ")");
        q.put("input", "SUM(" + search("InputTokens", "Sum") + ")");
        q.put("output", "SUM(" + search("OutputTokens", "Sum") + ")");
        q.put("p50", "MAX(" + search("Latency", "p50") + ")");
        q.put("p95", "MAX(" + search("Latency", "p95") + ")");
        q.put("cacheHits", "SUM(" + search("CacheHits", "Sum") + ")");
        q.put("cacheSaved", "SUM(" + search("CacheSavedDollars", "Sum") + ")");
        return q;
    }

    private String search(String metric, String stat) {
        String ns = namespace.replace("\"", "");
        return "SEARCH('{\"" + ns + "\",FunctionName} MetricName=\"" + metric + "\"', '" + stat + "', " + PERIOD_SECONDS + ")";
    }

    @Override
    public Traffic traffic() {
        Instant end = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        GetMetricDataRequest.Builder request = GetMetricDataRequest.builder().startTime(end.minus(Duration.ofMinutes(WINDOW_MINUTES))).endTime(end)
                .scanBy(ScanBy.TIMESTAMP_DESCENDING);
        List<MetricDataQuery> queries = expressions().entrySet().stream().map(e -> MetricDataQuery.builder().id(e.getKey())
                .expression(e.getValue()).period(PERIOD_SECONDS).returnData(true).build()).toList();
        Map<String, Double> latest = new HashMap<>();
        Map<String, Double> window = new HashMap<>(); // every period of the query, summed: the cache's span
        for (MetricDataResult result : client().getMetricData(request.metricDataQueries(queries).build()).metricDataResults()) {
            if (!result.values().isEmpty()) latest.put(result.id(), result.values().get(0)); // newest first
            window.put(result.id(), result.values().stream().mapToDouble(Double::doubleValue).sum());
        }
        double requests = latest.getOrDefault("requests", 0.0);
        double errors = latest.getOrDefault("errors", 0.0);
        double tokens = latest.getOrDefault("input", 0.0) + latest.getOrDefault("output", 0.0);
        return new Traffic(requests / PERIOD_SECONDS, requests == 0 ? 0 : errors / requests, latest.get("p50"), latest.get("p95"),
                tokens, Math.round(requests), List.of(), Math.round(window.getOrDefault("cacheHits", 0.0)),
                window.getOrDefault("cacheSaved", 0.0));
    }

    @Override
    public List<ProviderStatus> providers() {
        return List.of();
    }

    @Override
    public String cacheSpan() {
        return "the last " + WINDOW_MINUTES + " minutes, every gateway function";
    }

    @Override
    public String description() {
        return "CloudWatch metrics of namespace " + namespace + ", every gateway function, the newest minute";
    }

    private CloudWatchClient client() {
        CloudWatchClient c = created;
        if (c == null) {
            synchronized (this) {
                if (created == null) created = client.get();
                c = created;
            }
        }
        return c;
    }
}
