package dev.llmgateway.gateway.metrics;

import dev.llmgateway.core.api.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;

/**
 * The gateway's meters in Micrometer. Names are given in Micrometer's dotted form; the Prometheus
 * registry exports them as {@code gateway_requests_total}, {@code gateway_latency_seconds_bucket}, ...
 * (docs/observability.md has the table). Every finished API request is recorded here once.
 */
public final class GatewayMetrics implements RequestSink {
    /** Latency buckets for LLM calls: tens of milliseconds (cache hits, errors) up to minutes (long generations). */
    static final Duration[] LATENCY_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 45, 60, 90, 120, 180, 300);
    /** First-token buckets: most providers answer within a few seconds; reasoning models can take far longer. */
    static final Duration[] TTFT_BUCKETS = seconds(0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 8, 13, 20, 30, 60);

    private final MeterRegistry registry;
    private final Counter retries;
    private final Counter coldStarts;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Label-less counters exist from the start, so their first increment shows as an increase.
        this.retries = Counter.builder("gateway.retries").description("Upstream calls retried on the same provider")
                .register(registry);
        this.coldStarts = Counter.builder("gateway.cold.starts")
                .description("Processes (Lambda environments) that served their first API request").register(registry);
    }

    @Override
    public void completed(CompletedRequest r) {
        Counter.builder("gateway.requests").description("API requests, counted once when they end")
                .tags("model", r.model(), "provider", r.provider(), "status", Integer.toString(r.status()))
                .register(registry).increment();
        if (r.routed()) {
            Timer.builder("gateway.latency").description("Request arrival to the end of the response")
                    .tags("model", r.model(), "provider", r.provider())
                    .serviceLevelObjectives(LATENCY_BUCKETS)
                    .register(registry).record(r.latency());
        }
        if (r.timeToFirstToken() != null) {
            Timer.builder("gateway.time.to.first.token").description("Request arrival to the first chunk sent (streams)")
                    .tags("model", r.model(), "provider", r.provider())
                    .serviceLevelObjectives(TTFT_BUCKETS)
                    .register(registry).record(r.timeToFirstToken());
        }
        if (r.usage() != null) {
            Usage u = r.usage();
            tokens(r, "input", u.promptTokens());
            tokens(r, "output", u.completionTokens());
            // Parts of input or output; only when present, so series stay few.
            u.breakdown().forEach((direction, count) -> {
                if (count > 0) tokens(r, direction, count);
            });
        }
        if (r.unpricedModel() != null) {
            Counter.builder("gateway.unpriced.requests").description("Requests served by a model without a known price")
                    .tags("model", r.unpricedModel()).register(registry).increment();
        }
        for (CompletedRequest.ProviderError e : r.providerErrors()) providerError(e.provider(), e.errorCode());
        for (CompletedRequest.ProtocolError e : r.protocolErrors()) protocolError(e.provider(), e.kind());
        for (CompletedRequest.Fallback f : r.fallbacks()) fallback(f.fromProvider(), f.toProvider());
        if (r.retries() > 0) retries.increment(r.retries());
        String tenant = r.tenant() == null ? LabelValues.NO_TENANT : r.tenant();
        if (r.costDollars() > 0) cost(tenant, r.model(), r.costDollars());
        if (r.budgetBlocked()) budgetBlocked(tenant);
        if (r.downgrade() != null) downgrade(tenant, r.downgrade().originalModel(), r.downgrade().downgradedModel());
        if (r.coldStart()) coldStarts.increment();
        if (r.cache() != null) cache(tenant, r.cache());
    }

    /** The response cache (docs/cache.md): each outcome, what hits saved, and answers too large to store. */
    private void cache(String tenant, CompletedRequest.Cache c) {
        Counter.builder("gateway.cache.requests").description("Requests the response cache was on for, by outcome")
                .tags("result", c.result()).register(registry).increment();
        if (c.savedTokens() > 0) {
            Counter.builder("gateway.cache.saved.tokens").description("Tokens served from the response cache instead of a provider")
                    .tags("tenant", tenant).register(registry).increment(c.savedTokens());
        }
        if (c.savedMicros() > 0) {
            Counter.builder("gateway.cache.saved.dollars").description("Upstream cost in US dollars that response-cache hits did not incur")
                    .tags("tenant", tenant).register(registry).increment(c.savedMicros() / 1_000_000.0);
        }
        if (c.tooLarge()) {
            Counter.builder("gateway.cache.too.large").description("Answers not cached because they exceed the item size even compressed")
                    .register(registry).increment();
        }
    }

    public void providerError(String provider, String errorCode) {
        Counter.builder("gateway.provider.errors").description("Failed upstream calls, by the provider's error code")
                .tags("provider", provider, "error_code", errorCode).register(registry).increment();
    }

    public void protocolError(String provider, String kind) {
        Counter.builder("gateway.provider.protocol.errors")
                .description("Upstream answers whose usage could not be trusted as reported, by what was wrong")
                .tags("provider", provider, "kind", kind).register(registry).increment();
    }

    public void fallback(String fromProvider, String toProvider) {
        Counter.builder("gateway.fallbacks").description("Requests moved from one provider to another")
                .tags("from_provider", fromProvider, "to_provider", toProvider).register(registry).increment();
    }

    public void retry() {
        retries.increment();
    }

    public void cost(String tenant, String model, double dollars) {
        Counter.builder("gateway.cost.dollars").description("Estimated upstream cost in US dollars")
                .tags("tenant", tenant, "model", model).register(registry).increment(dollars);
    }

    public void budgetBlocked(String tenant) {
        Counter.builder("gateway.budget.blocked").description("Requests refused because the tenant's budget was spent")
                .tags("tenant", tenant).register(registry).increment();
    }

    /** A request refused by a gateway rate limit: {@code scope} is key, tenant or model; {@code limit} requests, tokens or concurrent. */
    public void rateLimited(String scope, dev.llmgateway.core.limit.Limit limit) {
        Counter.builder("gateway.rate.limited").description("Requests refused by a gateway rate limit")
                .tags("scope", scope, "limit", limit.wireName()).register(registry).increment();
    }

    public void downgrade(String tenant, String originalModel, String downgradedModel) {
        Counter.builder("gateway.model.downgrades").description("Requests served by a cheaper model under a budget rule")
                .tags("tenant", tenant, "original_model", originalModel, "downgraded_model", downgradedModel)
                .register(registry).increment();
    }

    private void tokens(CompletedRequest r, String direction, int count) {
        Counter.builder("gateway.tokens").description("Tokens of the final usage: input (cache included) and output, and their parts")
                .tags("model", r.model(), "provider", r.provider(), "direction", direction)
                .register(registry).increment(Math.max(0, count)); // a counter never goes down
    }

    private static Duration[] seconds(double... values) {
        return Arrays.stream(values).mapToObj(s -> Duration.ofNanos(Math.round(s * 1e9))).toArray(Duration[]::new);
    }
}
