package dev.llmgateway.gateway.metrics;

import dev.llmgateway.core.api.Usage;
import java.time.Duration;
import java.util.List;

/**
 * Everything one finished API request contributes to the metrics, handed once to every
 * {@link RequestSink}. Label values are already bounded (see {@link LabelValues}).
 *
 * @param model the requested model when it resolved, else {@link LabelValues#UNKNOWN_MODEL}
 * @param provider the provider that served (or failed) the request, else {@link LabelValues#NO_PROVIDER}
 * @param status the HTTP status code, or for a stream that had already started: the failure's status
 *               (upstream error mid-stream) or 499 (client went away); see {@link RequestMeter}
 * @param latency arrival to the end of the response
 * @param timeToFirstToken arrival to the first chunk sent to the client; null unless a stream sent one
 * @param usage the final usage (the upstream's, or counted by the gateway for a stream cut short:
 *              {@link Usage#estimated()}); null when there is none
 * @param coldStart true for the first API request this process served
 * @param tenant null until tenants exist
 * @param costDollars 0 until pricing exists
 * @param downgrade null unless a budget rule replaced the model
 * @param protocolErrors what was wrong with the usage the serving provider reported (usually nothing)
 * @param unpricedModel the (bounded) upstream model that served without a known price, else null
 * @param cache the response cache's part (docs/cache.md), null when the cache was not on for the request
 */
public record CompletedRequest(
        String model,
        String provider,
        int status,
        boolean stream,
        Duration latency,
        Duration timeToFirstToken,
        Usage usage,
        List<ProviderError> providerErrors,
        List<Fallback> fallbacks,
        int retries,
        boolean coldStart,
        String tenant,
        double costDollars,
        boolean budgetBlocked,
        Downgrade downgrade,
        List<ProtocolError> protocolErrors,
        String unpricedModel,
        Cache cache) {

    public CompletedRequest {
        providerErrors = List.copyOf(providerErrors);
        fallbacks = List.copyOf(fallbacks);
        protocolErrors = protocolErrors == null ? List.of() : List.copyOf(protocolErrors);
    }

    /** A request without protocol errors (the usual case). */
    public CompletedRequest(String model, String provider, int status, boolean stream, Duration latency, Duration timeToFirstToken,
                            Usage usage, List<ProviderError> providerErrors, List<Fallback> fallbacks, int retries, boolean coldStart,
                            String tenant, double costDollars, boolean budgetBlocked, Downgrade downgrade) {
        this(model, provider, status, stream, latency, timeToFirstToken, usage, providerErrors, fallbacks, retries, coldStart,
                tenant, costDollars, budgetBlocked, downgrade, List.of(), null, null);
    }

    /** A request without protocol errors, served by {@code unpricedModel} (null: a priced one). */
    public CompletedRequest(String model, String provider, int status, boolean stream, Duration latency, Duration timeToFirstToken,
                            Usage usage, List<ProviderError> providerErrors, List<Fallback> fallbacks, int retries, boolean coldStart,
                            String tenant, double costDollars, boolean budgetBlocked, Downgrade downgrade, String unpricedModel) {
        this(model, provider, status, stream, latency, timeToFirstToken, usage, providerErrors, fallbacks, retries, coldStart,
                tenant, costDollars, budgetBlocked, downgrade, List.of(), unpricedModel, null);
    }

    /**
     * The response cache's outcome ({@code hit}, {@code miss}, {@code bypass}), what a hit saved
     * (tokens and micro-dollars of the original less what it was charged), and whether a miss's
     * answer was too large to store.
     */
    public record Cache(String result, long savedTokens, long savedMicros, boolean tooLarge) {}

    /** One failed upstream attempt: the provider and its bounded error code. */
    public record ProviderError(String provider, String errorCode) {}

    /** The provider reported usage that could not be trusted as is; {@code kind} is a {@code UsageCheck.Problem} label. */
    public record ProtocolError(String provider, String kind) {}

    /** The request moved from one provider to another. */
    public record Fallback(String fromProvider, String toProvider) {}

    /** A budget rule served a cheaper model than the one requested. */
    public record Downgrade(String originalModel, String downgradedModel) {}

    /** True when the request reached a provider, so its latency says something about that provider. */
    public boolean routed() {
        return !LabelValues.NO_PROVIDER.equals(provider);
    }

    public boolean serverError() {
        return status >= 500;
    }
}
