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
 * environment's memory, so this source has none; the providers page gets each provider's figures
 * over the window instead ({@link #providers}).
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
        return search("FunctionName", metric, stat, PERIOD_SECONDS);
    }

    /** Every series of {@code metric} with exactly the dimensions {@code schema}, in the namespace. */
    private String search(String schema, String metric, String stat, int period) {
        String ns = namespace.replace("\"", "");
        return "SEARCH('{\"" + ns + "\"," + schema + "} MetricName=\"" + metric + "\"', '" + stat + "', " + period + ")";
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

    /** Breaker state lives in each gateway environment's memory; CloudWatch has none of it. */
    static final String BREAKER = "per environment";
    /** Each series of a SEARCH is labelled with its dimensions; a provider name never contains the separator. */
    static final String PROVIDER_LABEL = "${PROP('Dim.Provider')}";
    static final String TARGET_LABEL = "${PROP('Dim.Provider')}|${PROP('Dim.Model')}";
    private static final int WINDOW_SECONDS = WINDOW_MINUTES * 60;

    /**
     * The providers page's queries: per provider ({@code p_}) and per provider and requested model
     * ({@code t_}), one series per function (summed here): requests, 5xx and latency over the whole
     * window, its p95, and the 5xx count per minute (for the newest one).
     */
    List<MetricDataQuery> providerQueries() {
        List<MetricDataQuery> out = new java.util.ArrayList<>();
        for (String level : List.of("p", "t")) {
            String schema = level.equals("p") ? "FunctionName,Provider" : "FunctionName,Provider,Model";
            String label = level.equals("p") ? PROVIDER_LABEL : TARGET_LABEL;
            out.add(query(level + "_requests", schema, "Requests", "Sum", WINDOW_SECONDS, label));
            out.add(query(level + "_errors", schema, "ServerErrors", "Sum", WINDOW_SECONDS, label));
            out.add(query(level + "_latency_sum", schema, "Latency", "Sum", WINDOW_SECONDS, label));
            out.add(query(level + "_latency_count", schema, "Latency", "SampleCount", WINDOW_SECONDS, label));
            out.add(query(level + "_p95", schema, "Latency", "p95", WINDOW_SECONDS, label));
            out.add(query(level + "_errors_minute", schema, "ServerErrors", "Sum", PERIOD_SECONDS, label));
        }
        return out;
    }

    private MetricDataQuery query(String id, String schema, String metric, String stat, int period, String label) {
        return MetricDataQuery.builder().id(id).expression(search(schema, metric, stat, period)).period(period).label(label)
                .returnData(true).build();
    }

    /**
     * The fleet's figures per provider, then per provider and requested model (the EMF {@code Model}
     * dimension is the name the client asked for): p95 (the worst function's) and average latency
     * and the 5xx rate over the last {@link #WINDOW_MINUTES} minutes, and the 5xx count of the newest
     * whole minute. The breaker is {@link #BREAKER}.
     */
    @Override
    public List<ProviderStatus> providers() {
        Instant end = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Instant lastMinute = end.minusSeconds(PERIOD_SECONDS);
        Map<String, Figures> rows = new java.util.TreeMap<>();
        for (MetricDataResult result : labelled(end, providerQueries())) {
            String level = result.id().substring(0, 1);
            String metric = result.id().substring(2);
            Figures f = rows.computeIfAbsent(level + "\u0000" + result.label(), k -> new Figures());
            for (int i = 0; i < result.values().size(); i++) {
                double v = result.values().get(i);
                switch (metric) {
                    case "requests" -> f.requests += v;
                    case "errors" -> f.errors += v;
                    case "latency_sum" -> f.latencySum += v;
                    case "latency_count" -> f.latencyCount += v;
                    case "p95" -> f.p95 = f.p95 == null ? v : Math.max(f.p95, v);
                    case "errors_minute" -> {
                        if (i < result.timestamps().size() && result.timestamps().get(i).equals(lastMinute)) f.errorsLastMinute += v;
                    }
                    default -> { }
                }
            }
        }
        List<ProviderStatus> out = new java.util.ArrayList<>();
        rows.forEach((key, f) -> {
            String[] levelAndLabel = key.split("\u0000", 2);
            String provider = levelAndLabel[1];
            String model = null;
            if (levelAndLabel[0].equals("t")) {
                int bar = provider.indexOf('|');
                if (bar < 0) return;
                model = provider.substring(bar + 1);
                provider = provider.substring(0, bar);
            }
            out.add(new ProviderStatus(provider, model, BREAKER, null, f.latencyCount == 0 ? null : f.latencySum / f.latencyCount, f.p95,
                    f.requests == 0 ? null : f.errors / f.requests, Math.round(f.errorsLastMinute), null));
        });
        // each provider's own row first, then its models
        out.sort(java.util.Comparator.comparing(ProviderStatus::provider)
                .thenComparing(ProviderStatus::model, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
        return out;
    }

    /** The query of {@link #breakerOpenings}: each target's openings, one series per function. */
    MetricDataQuery openingsQuery() {
        return query("openings", "FunctionName,Target", "CircuitOpenings", "Sum", WINDOW_SECONDS, "${PROP('Dim.Target')}");
    }

    /**
     * The fleet's breaker openings per route target over the window: the EMF {@code CircuitOpenings}
     * count, written once per opening by the gateway environment where it happened.
     */
    @Override
    public List<BreakerOpenings> breakerOpenings() {
        Instant end = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Map<String, Double> counts = new java.util.TreeMap<>();
        for (MetricDataResult result : labelled(end, List.of(openingsQuery()))) {
            counts.merge(result.label(), result.values().stream().mapToDouble(Double::doubleValue).sum(), Double::sum);
        }
        List<BreakerOpenings> out = new java.util.ArrayList<>();
        counts.forEach((target, n) -> {
            if (Math.round(n) > 0) out.add(new BreakerOpenings(target, Math.round(n), WINDOW_MINUTES));
        });
        return out;
    }

    /**
     * Every result of {@code queries} over the window ending at {@code end}, all pages, newest value
     * first; a series whose dynamic label CloudWatch left unresolved is dropped (it names nothing).
     */
    private List<MetricDataResult> labelled(Instant end, List<MetricDataQuery> queries) {
        List<MetricDataResult> out = new java.util.ArrayList<>();
        String token = null;
        do {
            var answer = client().getMetricData(GetMetricDataRequest.builder().startTime(end.minus(Duration.ofMinutes(WINDOW_MINUTES)))
                    .endTime(end).scanBy(ScanBy.TIMESTAMP_DESCENDING).metricDataQueries(queries).nextToken(token).build());
            for (MetricDataResult result : answer.metricDataResults()) {
                String label = result.label();
                if (label != null && !label.isBlank() && !label.contains("${") && result.id().length() >= 2) out.add(result);
            }
            token = answer.nextToken();
        } while (token != null);
        return out;
    }

    /** One row's sums over every function and period of the answer. */
    private static final class Figures {
        double requests;
        double errors;
        double latencySum;
        double latencyCount;
        Double p95;
        double errorsLastMinute;
    }

    @Override
    public String cacheSpan() {
        return "the last " + WINDOW_MINUTES + " minutes, every gateway function";
    }

    @Override
    public String description() {
        return "CloudWatch metrics of namespace " + namespace + ", every gateway function, the newest minute"
                + " (providers: the last " + WINDOW_MINUTES + " minutes; breaker state is per gateway environment and not in CloudWatch)";
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
