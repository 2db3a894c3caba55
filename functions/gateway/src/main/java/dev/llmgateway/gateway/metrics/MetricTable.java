package dev.llmgateway.gateway.metrics;

import dev.llmgateway.core.api.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Every metric a finished request contributes, once: name, type, labels and how its samples are read
 * from the {@link CompletedRequest}, plus the EMF metrics it feeds. {@link GatewayMetrics}
 * (Prometheus, remote write) and the EMF writer both walk these rows, so a new metric is one row and
 * the sinks cannot disagree (docs/observability.md has the same table for readers).
 */
public final class MetricTable {
    private MetricTable() {}

    /** A counter; a histogram of durations (values in seconds); a histogram of plain numbers (tokens). */
    public enum Type { COUNTER, HISTOGRAM, DISTRIBUTION }

    /** One value of a row for one request: label values by name, and the value (seconds for histograms). */
    public record Sample(Map<String, String> labels, double value) {
        public String label(String name) {
            return labels.get(name);
        }
    }

    /**
     * Where an EMF metric goes: the request's directive (Provider/Model dimensions), the per-tenant one,
     * or one record of its own per sample, dimension {@code Target} = the sample's {@code provider/model}
     * (a route's target, which is not the request's Provider and Model).
     */
    public enum EmfScope { REQUEST, TENANT, TARGET }

    /**
     * An EMF metric fed by a row: the sum of the row's samples that {@code where} accepts. {@code whenAbsent}
     * writes it even when no sample matched (as 0), so {@code Average} is a rate; otherwise it is
     * written only when there is one. Histogram values are written in milliseconds.
     */
    public record Emf(String name, String unit, EmfScope scope, Predicate<Sample> where, boolean whenAbsent) {
        static Emf count(String name) {
            return new Emf(name, "Count", EmfScope.REQUEST, s -> true, false);
        }

        Emf where(Predicate<Sample> filter) {
            return new Emf(name, unit, scope, filter, whenAbsent);
        }

        Emf evenWhenAbsent() {
            return new Emf(name, unit, scope, where, true);
        }

        Emf perTenant() {
            return new Emf(name, unit, EmfScope.TENANT, where, whenAbsent);
        }

        Emf perTarget() {
            return new Emf(name, unit, EmfScope.TARGET, where, whenAbsent);
        }

        Emf unit(String u) {
            return new Emf(name, u, scope, where, whenAbsent);
        }
    }

    /**
     * A metric: its Micrometer name (dotted; Prometheus adds {@code _total}, {@code _seconds}),
     * type, description, unit (UCUM, as OTLP gives it), label names, histogram bucket boundaries
     * (seconds for durations), the samples of one request, the EMF metrics it feeds, and whether it
     * also goes out over OTLP (the GenAI rows). A row without labels exists from the start at 0, so
     * its first increment is an increase.
     */
    public record Row(String name, Type type, String description, String unit, List<String> labels, double[] buckets,
                      Function<CompletedRequest, List<Sample>> samples, List<Emf> emf, boolean otlp) {
        public Row {
            labels = List.copyOf(labels);
            emf = List.copyOf(emf);
        }
    }

    /** Latency buckets for LLM calls: tens of milliseconds (cache hits, errors) up to minutes (long generations). */
    static final double[] LATENCY_BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 45, 60, 90, 120, 180, 300};
    /** First-token buckets: most providers answer within a few seconds; reasoning models can take far longer. */
    static final double[] TTFT_BUCKETS = {0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 8, 13, 20, 30, 60};
    // The GenAI conventions' advised boundaries (semantic-conventions v1.41.0, gen-ai-metrics.md).
    static final double[] GENAI_TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304,
            16777216, 67108864};
    static final double[] GENAI_DURATION_BUCKETS = {0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48,
            40.96, 81.92};
    static final double[] GENAI_TTFT_BUCKETS = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0,
            7.5, 10.0};

    public static final List<Row> ROWS = List.of(
            counter("gateway.requests", "API requests, counted once when they end", List.of("model", "provider", "status"),
                    r -> one(Map.of("model", r.model(), "provider", r.provider(), "status", Integer.toString(r.status())), 1),
                    Emf.count("Requests").evenWhenAbsent(),
                    Emf.count("ServerErrors").where(s -> s.label("status").startsWith("5")).evenWhenAbsent(),
                    // Only when it happened: floods of keyless requests are what the template's alarm watches.
                    Emf.count("Unauthorized").where(s -> s.label("status").equals("401"))),
            histogram("gateway.latency", "Request arrival to the end of the response", LATENCY_BUCKETS,
                    r -> r.routed() ? one(modelProvider(r), seconds(r.latency())) : List.of(),
                    Emf.count("Latency").unit("Milliseconds")),
            histogram("gateway.time.to.first.token", "Request arrival to the first chunk sent (streams)", TTFT_BUCKETS,
                    r -> r.timeToFirstToken() == null ? List.of() : one(modelProvider(r), seconds(r.timeToFirstToken())),
                    Emf.count("TimeToFirstToken").unit("Milliseconds")),
            counter("gateway.tokens", "Tokens of the final usage: input (cache included) and output, and their parts",
                    List.of("model", "provider", "direction"), MetricTable::tokens,
                    Emf.count("InputTokens").where(direction("input")),
                    Emf.count("OutputTokens").where(direction("output")),
                    Emf.count("CacheReadTokens").where(direction("cache_read")),
                    Emf.count("CacheWriteTokens").where(direction("cache_write_5m").or(direction("cache_write_1h"))),
                    Emf.count("ReasoningTokens").where(direction("reasoning"))),
            counter("gateway.unpriced.requests", "Requests served by a model without a known price", List.of("model"),
                    r -> r.unpricedModel() == null ? List.of() : one(Map.of("model", r.unpricedModel()), 1),
                    Emf.count("UnpricedRequests")),
            counter("gateway.provider.errors", "Failed upstream calls, by the provider's error code", List.of("provider", "error_code"),
                    r -> r.providerErrors().stream().map(e -> new Sample(Map.of("provider", e.provider(), "error_code", e.errorCode()), 1)).toList(),
                    Emf.count("ProviderErrors").evenWhenAbsent()),
            counter("gateway.provider.protocol.errors", "Upstream answers whose usage could not be trusted as reported, by what was wrong",
                    List.of("provider", "kind"),
                    r -> r.protocolErrors().stream().map(e -> new Sample(Map.of("provider", e.provider(), "kind", e.kind()), 1)).toList(),
                    Emf.count("ProviderProtocolErrors")),
            counter("gateway.cold.starts", "Processes (Lambda environments) that served their first API request", List.of(),
                    r -> r.coldStart() ? one(Map.of(), 1) : List.of(), Emf.count("ColdStarts").evenWhenAbsent()),
            counter("gateway.retries", "Upstream calls retried on the same provider", List.of(),
                    r -> r.retries() > 0 ? one(Map.of(), r.retries()) : List.of(), Emf.count("Retries")),
            counter("gateway.fallbacks", "Requests moved from one provider to another", List.of("from_provider", "to_provider"),
                    r -> r.fallbacks().stream().map(f -> new Sample(Map.of("from_provider", f.fromProvider(), "to_provider", f.toProvider()), 1)).toList(),
                    Emf.count("Fallbacks")),
            // provider beside tenant and model, so the dashboard's provider filter applies to cost, budgets and downgrades too.
            counter("gateway.cost.dollars", "Estimated upstream cost in US dollars", List.of("tenant", "model", "provider"),
                    r -> r.costMicros() > 0 ? one(Map.of("tenant", tenant(r), "model", r.model(), "provider", r.provider()), r.costDollars())
                            : List.of(),
                    Emf.count("CostDollars").unit("None").perTenant()),
            counter("gateway.budget.blocked", "Requests refused because the tenant's budget was spent", List.of("tenant", "provider"),
                    r -> r.budgetBlocked() ? one(Map.of("tenant", tenant(r), "provider", r.provider()), 1) : List.of(),
                    Emf.count("BudgetBlocked").perTenant()),
            counter("gateway.rate.limited", "Requests refused by a gateway rate limit", List.of("scope", "limit"),
                    r -> r.rateLimited() == null ? List.of()
                            : one(Map.of("scope", r.rateLimited().scope(), "limit", r.rateLimited().limit()), 1),
                    Emf.count("RateLimited")),
            counter("gateway.model.downgrades", "Requests served by a cheaper model under a budget rule",
                    List.of("tenant", "original_model", "downgraded_model", "provider"),
                    r -> r.downgrade() == null ? List.of() : one(Map.of("tenant", tenant(r), "original_model", r.downgrade().originalModel(),
                            "downgraded_model", r.downgrade().downgradedModel(), "provider", r.provider()), 1),
                    Emf.count("ModelDowngrades").perTenant()),
            // The response cache (docs/cache.md): each outcome, what hits saved, and answers too large to store.
            counter("gateway.cache.requests", "Requests the response cache was on for, by outcome", List.of("result"),
                    r -> r.cache() == null ? List.of() : one(Map.of("result", r.cache().result()), 1),
                    Emf.count("CacheHits").where(s -> s.label("result").equals("hit")),
                    Emf.count("CacheMisses").where(s -> s.label("result").equals("miss")),
                    Emf.count("CacheBypasses").where(s -> s.label("result").equals("bypass"))),
            counter("gateway.cache.saved.tokens", "Tokens served from the response cache instead of a provider", List.of("tenant"),
                    r -> r.cache() != null && r.cache().savedTokens() > 0 ? one(Map.of("tenant", tenant(r)), r.cache().savedTokens()) : List.of(),
                    Emf.count("CacheSavedTokens").perTenant()),
            counter("gateway.cache.saved.dollars", "Upstream cost in US dollars that response-cache hits did not incur", List.of("tenant"),
                    r -> r.cache() != null && r.cache().savedMicros() > 0
                            ? one(Map.of("tenant", tenant(r)), r.cache().savedMicros() / 1_000_000.0) : List.of(),
                    Emf.count("CacheSavedDollars").unit("None").perTenant()),
            // Guardrails (docs/guardrails.md): every finding, and the requests a block refused, by the policy that decided.
            counter("gateway.guardrail.findings", "Values the guardrails found, by detector, what was done and direction",
                    List.of("detector", "action", "direction"),
                    r -> r.guardrails().stream().map(g -> new Sample(Map.of("detector", g.detector(), "action", g.action(),
                            "direction", g.direction()), 1)).toList(),
                    Emf.count("GuardrailFindings")),
            counter("gateway.guardrail.blocked", "Requests a guardrail policy refused, by that policy", List.of("policy"),
                    r -> r.guardrails().stream().filter(g -> g.action().equals("block") && g.direction().equals("inbound")).limit(1)
                            .map(g -> new Sample(Map.of("policy", g.policy()), 1)).toList(),
                    Emf.count("GuardrailBlocked")),
            // Once per opening, not per request: the fleet's count of openings is the one breaker signal CloudWatch can add up.
            counter("gateway.circuit.openings", "Breakers of route targets opened, by the target (provider and upstream model)",
                    List.of("provider", "model"),
                    r -> r.breakerOpenings().stream().map(b -> new Sample(Map.of("provider", b.provider(), "model", b.model()), 1)).toList(),
                    Emf.count("CircuitOpenings").perTarget()),
            counter("gateway.cache.too.large", "Answers not cached because they exceed the item size even compressed", List.of(),
                    r -> r.cache() != null && r.cache().tooLarge() ? one(Map.of(), 1) : List.of(), Emf.count("CacheTooLarge")),
            // The OpenTelemetry GenAI metrics (docs/observability.md): also exported over OTLP. error.type is
            // "" (an absent label to Prometheus) unless the operation failed, since a meter keeps one set of keys.
            genAi("gen_ai.client.token.usage", Type.DISTRIBUTION, "Number of input and output tokens used", "{token}",
                    List.of(GenAi.OPERATION, GenAi.PROVIDER, GenAi.REQUEST_MODEL, GenAi.TOKEN_TYPE), GENAI_TOKEN_BUCKETS,
                    MetricTable::genAiTokens),
            genAi("gen_ai.client.operation.duration", Type.HISTOGRAM, "GenAI operation duration: each upstream call", "s",
                    List.of(GenAi.OPERATION, GenAi.PROVIDER, GenAi.REQUEST_MODEL, GenAi.ERROR_TYPE), GENAI_DURATION_BUCKETS,
                    r -> r.attempts().stream().filter(a -> a.end() != null).map(a -> new Sample(Map.of(
                            GenAi.OPERATION, GenAi.operation(r.api()), GenAi.PROVIDER, GenAi.provider(a.provider()),
                            GenAi.REQUEST_MODEL, r.model(), GenAi.ERROR_TYPE, a.errorCode() == null ? "" : a.errorCode()),
                            seconds(a.end().minus(a.start())))).toList()),
            genAi("gen_ai.server.request.duration", Type.HISTOGRAM, "Generative AI server request duration: arrival to the last byte",
                    "s", List.of(GenAi.OPERATION, GenAi.PROVIDER, GenAi.REQUEST_MODEL, GenAi.ERROR_TYPE), GENAI_DURATION_BUCKETS,
                    r -> r.routed() ? one(Map.of(GenAi.OPERATION, GenAi.operation(r.api()), GenAi.PROVIDER, GenAi.provider(r.provider()),
                            GenAi.REQUEST_MODEL, r.model(), GenAi.ERROR_TYPE, GenAi.errorType(r)), seconds(r.latency())) : List.of()),
            genAi("gen_ai.server.time_to_first_token", Type.HISTOGRAM, "Time to generate first token for successful responses", "s",
                    List.of(GenAi.OPERATION, GenAi.PROVIDER, GenAi.REQUEST_MODEL), GENAI_TTFT_BUCKETS,
                    r -> r.timeToFirstToken() == null || r.status() >= 400 ? List.of() : one(Map.of(GenAi.OPERATION, GenAi.operation(r.api()),
                            GenAi.PROVIDER, GenAi.provider(r.provider()), GenAi.REQUEST_MODEL, r.model()), seconds(r.timeToFirstToken()))));

    private static Row counter(String name, String description, List<String> labels, Function<CompletedRequest, List<Sample>> samples,
                               Emf... emf) {
        return new Row(name, Type.COUNTER, description, "1", labels, null, samples, Arrays.asList(emf), false);
    }

    private static Row histogram(String name, String description, double[] buckets, Function<CompletedRequest, List<Sample>> samples,
                                 Emf... emf) {
        return new Row(name, Type.HISTOGRAM, description, "s", List.of("model", "provider"), buckets, samples, Arrays.asList(emf), false);
    }

    private static Row genAi(String name, Type type, String description, String unit, List<String> labels, double[] buckets,
                             Function<CompletedRequest, List<Sample>> samples) {
        return new Row(name, type, description, unit, labels, buckets, samples, List.of(), true);
    }

    private static List<Sample> genAiTokens(CompletedRequest r) {
        if (r.usage() == null || !r.routed()) return List.of();
        String operation = GenAi.operation(r.api());
        String provider = GenAi.provider(r.provider());
        return List.of(
                new Sample(Map.of(GenAi.OPERATION, operation, GenAi.PROVIDER, provider, GenAi.REQUEST_MODEL, r.model(),
                        GenAi.TOKEN_TYPE, "input"), Math.max(0, r.usage().promptTokens())),
                new Sample(Map.of(GenAi.OPERATION, operation, GenAi.PROVIDER, provider, GenAi.REQUEST_MODEL, r.model(),
                        GenAi.TOKEN_TYPE, "output"), Math.max(0, r.usage().completionTokens())));
    }

    private static List<Sample> tokens(CompletedRequest r) {
        if (r.usage() == null) return List.of();
        Usage u = r.usage();
        List<Sample> samples = new ArrayList<>();
        samples.add(token(r, "input", u.promptTokens()));
        samples.add(token(r, "output", u.completionTokens()));
        // Parts of input or output; only when present, so series stay few.
        u.breakdown().forEach((direction, count) -> {
            if (count > 0) samples.add(token(r, direction, count));
        });
        return samples;
    }

    private static Sample token(CompletedRequest r, String direction, int count) {
        // A counter never goes down.
        return new Sample(Map.of("model", r.model(), "provider", r.provider(), "direction", direction), Math.max(0, count));
    }

    private static Predicate<Sample> direction(String direction) {
        return s -> s.label("direction").equals(direction);
    }

    private static Map<String, String> modelProvider(CompletedRequest r) {
        return Map.of("model", r.model(), "provider", r.provider());
    }

    private static String tenant(CompletedRequest r) {
        return r.tenant() == null ? LabelValues.NO_TENANT : r.tenant();
    }

    private static List<Sample> one(Map<String, String> labels, double value) {
        return List.of(new Sample(labels, value));
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
