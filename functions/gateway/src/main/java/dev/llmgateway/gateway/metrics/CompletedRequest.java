package dev.llmgateway.gateway.metrics;

import dev.llmgateway.core.api.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one record of a request: what the request path learned as it went (ids, tenant, key, API,
 * models, provider, attempts, timings, usage, cost, cache and guardrail outcomes), built once by
 * its {@link Builder} and read by every sink: the metric table ({@link MetricTable}: Prometheus,
 * EMF), the access log and the audit record. Sinks never compute a fact of their own, so they
 * cannot disagree.
 *
 * <p>Two kinds of value: exact ones (the request id, {@link #tenantId}, {@link #requestedModel},
 * {@link #servedModel}, {@link #exactDowngrade}) for logs and the audit record, and bounded label
 * values ({@link #model}, {@link #tenant}, {@link #downgrade}, error codes, see {@link LabelValues})
 * for metrics, whose series must stay few.
 *
 * @param requestId the client's well-formed {@code x-request-id}, or a generated {@code req_} id
 * @param api the API called, e.g. {@code chat.completions}; null outside {@code /v1}
 * @param tenantId the authenticated tenant, exact; null before authentication
 * @param keyId the key's id (its hash, as the admin API names it); null without a key
 * @param requestedModel the model as the client asked for it, exact; null when unknown
 * @param servedModel the upstream model that served (or last failed) it, exact; null when none
 * @param model label: the requested model when it resolved, else {@link LabelValues#UNKNOWN_MODEL}
 * @param provider label: the provider that served (or failed) the request, else {@link LabelValues#NO_PROVIDER}
 * @param tenant label: the bounded tenant, null without one
 * @param status the HTTP status, or for a stream that had already started: the failure's status
 *               (upstream error mid-stream) or 499 (client went away)
 * @param errorCode the code of a started stream's failure, else null
 * @param latency arrival to the end of the response
 * @param timeToFirstToken arrival to the first chunk sent to the client; null unless a stream sent one
 * @param usage the final usage as settled; null when there is none
 * @param costMicros what the request was charged, in micro-USD (exact)
 * @param attempts each upstream call failover made, in order (the failover path)
 * @param guardrails each guardrail decision taken on the request, in order
 * @param sampling the request's own limits and sampling settings, as the client sent them (null: unknown)
 * @param responseId the upstream's own id of the answer that served (null: none, as Bedrock's Converse)
 * @param finishReasons why the answer ended, per choice, in the gateway's OpenAI form (empty: not known)
 * @param rateLimited the gateway rate limit that refused the request (429), else null
 * @param content the messages as the provider saw them and the answer, when content capture is on; else null
 * @param breakerOpenings each breaker of a route's target this request's failures opened, once per opening
 */
public record CompletedRequest(
        String requestId,
        String api,
        String tenantId,
        String keyId,
        String requestedModel,
        String servedModel,
        String model,
        String provider,
        String tenant,
        int status,
        boolean stream,
        String errorCode,
        Duration latency,
        Duration timeToFirstToken,
        Usage usage,
        long costMicros,
        List<Attempt> attempts,
        List<ProviderError> providerErrors,
        List<Fallback> fallbacks,
        int retries,
        boolean coldStart,
        boolean budgetBlocked,
        Downgrade downgrade,
        Downgrade exactDowngrade,
        List<ProtocolError> protocolErrors,
        String unpricedModel,
        Cache cache,
        List<Guardrail> guardrails,
        Sampling sampling,
        String responseId,
        List<String> finishReasons,
        RateLimited rateLimited,
        Content content,
        List<BreakerOpening> breakerOpenings) {

    public CompletedRequest {
        attempts = List.copyOf(attempts);
        providerErrors = List.copyOf(providerErrors);
        fallbacks = List.copyOf(fallbacks);
        protocolErrors = List.copyOf(protocolErrors);
        guardrails = List.copyOf(guardrails);
        finishReasons = List.copyOf(finishReasons);
        breakerOpenings = List.copyOf(breakerOpenings);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What the request was charged in USD. */
    public double costDollars() {
        return costMicros / 1_000_000.0;
    }

    /** True when the request reached a provider, so its latency says something about that provider. */
    public boolean routed() {
        return !LabelValues.NO_PROVIDER.equals(provider);
    }

    public boolean serverError() {
        return status >= 500;
    }

    /**
     * The response cache's outcome ({@code hit}, {@code miss}, {@code bypass}), what a hit saved
     * (tokens and micro-dollars of the original less what it was charged), and whether a miss's
     * answer was too large to store.
     */
    public record Cache(String result, long savedTokens, long savedMicros, boolean tooLarge) {}

    /**
     * One upstream call: the provider and upstream model, when it started and ended (since the
     * request's arrival; {@code end} null while running), and the bounded error code if it failed.
     */
    public record Attempt(String provider, String model, Duration start, Duration end, String errorCode) {
        public boolean failed() {
            return errorCode != null;
        }
    }

    /** What the client asked for: {@code max_tokens}, {@code temperature}, {@code top_p}; null where not sent. */
    public record Sampling(Integer maxTokens, Double temperature, Double topP) {}

    /**
     * One guardrail finding (docs/guardrails.md): the policy whose rule decided, the detector, what it did
     * ({@code log}, {@code redact}, {@code restore}, {@code block}), the direction ({@code inbound},
     * {@code outbound}) and where ({@code messages[2].content}); never the value.
     */
    public record Guardrail(String policy, String detector, String action, String direction, String location) {}

    /**
     * The request's messages after the guardrails redacted them (what the provider received) and the
     * answer as the client received it, each already in the conventions' JSON form; null where not known.
     */
    public record Content(String inputMessages, String outputMessages) {}

    /** A gateway rate limit refused the request: its scope kind ({@code key}, {@code team}, {@code tenant}, {@code model}) and limit. */
    public record RateLimited(String scope, String limit) {}

    /** One failed upstream attempt: the provider and its bounded error code. */
    public record ProviderError(String provider, String errorCode) {}

    /** The provider reported usage that could not be trusted as is; {@code kind} is a {@code UsageCheck.Problem} label. */
    public record ProtocolError(String provider, String kind) {}

    /** A failure of the request opened the breaker of a route's target: its provider and upstream model. */
    public record BreakerOpening(String provider, String model) {}

    /** The request moved from one provider to another. */
    public record Fallback(String fromProvider, String toProvider) {}

    /** A budget rule served a cheaper model than the one requested. */
    public record Downgrade(String originalModel, String downgradedModel) {}

    /**
     * Filled by the request path as it goes (through {@link RequestMeter}), built once at the end.
     * Not thread-safe: its owner synchronizes.
     */
    public static final class Builder {
        private String requestId;
        private String api;
        private String tenantId;
        private String keyId;
        private String requestedModel;
        private String servedModel;
        private String model = LabelValues.UNKNOWN_MODEL;
        private String provider = LabelValues.NO_PROVIDER;
        private String tenant;
        private int status;
        private boolean stream;
        private String errorCode;
        private Duration latency = Duration.ZERO;
        private Duration timeToFirstToken;
        private Usage usage;
        private long costMicros;
        private final List<Attempt> attempts = new ArrayList<>();
        private final List<ProviderError> providerErrors = new ArrayList<>();
        private final List<Fallback> fallbacks = new ArrayList<>();
        private int retries;
        private boolean coldStart;
        private boolean budgetBlocked;
        private Downgrade downgrade;
        private Downgrade exactDowngrade;
        private final List<ProtocolError> protocolErrors = new ArrayList<>();
        private String unpricedModel;
        private Cache cache;
        private final List<Guardrail> guardrails = new ArrayList<>();
        private Sampling sampling;
        private String responseId;
        private List<String> finishReasons = List.of();
        private Content content;
        private RateLimited rateLimited;
        private final List<BreakerOpening> breakerOpenings = new ArrayList<>();

        private Builder() {}

        public Builder requestId(String v) { requestId = v; return this; }
        public Builder api(String v) { api = v; return this; }
        public Builder tenantId(String v) { tenantId = v; return this; }
        public Builder keyId(String v) { keyId = v; return this; }
        public Builder requestedModel(String v) { requestedModel = v; return this; }
        public Builder servedModel(String v) { servedModel = v; return this; }
        public Builder model(String label) { model = label; return this; }
        public Builder provider(String label) { provider = label; return this; }
        public Builder tenant(String label) { tenant = label; return this; }
        public Builder status(int v) { status = v; return this; }
        public Builder stream(boolean v) { stream = v; return this; }
        public Builder errorCode(String v) { errorCode = v; return this; }
        public Builder latency(Duration v) { latency = v; return this; }
        public Builder timeToFirstToken(Duration v) { timeToFirstToken = v; return this; }
        public Builder usage(Usage v) { usage = v; return this; }
        public Builder costMicros(long v) { costMicros = v; return this; }
        public Builder addCostMicros(long v) { costMicros += v; return this; }
        public Builder attempt(Attempt v) { attempts.add(v); return this; }
        public Builder providerError(ProviderError v) { providerErrors.add(v); return this; }
        public Builder fallback(Fallback v) { fallbacks.add(v); return this; }
        public Builder retries(int v) { retries = v; return this; }
        public Builder coldStart(boolean v) { coldStart = v; return this; }
        public Builder budgetBlocked(boolean v) { budgetBlocked = v; return this; }
        public Builder downgrade(Downgrade label, Downgrade exact) { downgrade = label; exactDowngrade = exact; return this; }
        public Builder protocolError(ProtocolError v) { protocolErrors.add(v); return this; }
        public Builder unpricedModel(String label) { unpricedModel = label; return this; }
        public Builder cache(Cache v) { cache = v; return this; }
        public Builder guardrail(Guardrail v) { guardrails.add(v); return this; }
        /** Replaces the findings with the request's guardrails' list so far (a snapshot may be taken more than once). */
        public Builder guardrails(List<Guardrail> v) { guardrails.clear(); guardrails.addAll(v); return this; }
        public Builder sampling(Sampling v) { sampling = v; return this; }
        public Builder response(String id, List<String> reasons) { responseId = id; finishReasons = List.copyOf(reasons); return this; }
        public Builder content(Content v) { content = v; return this; }
        public Builder rateLimited(RateLimited v) { rateLimited = v; return this; }
        public Builder breakerOpening(BreakerOpening v) { breakerOpenings.add(v); return this; }

        Attempt lastAttempt() {
            return attempts.isEmpty() ? null : attempts.getLast();
        }

        /** The attempt in progress (the last one, when it has not ended), else null. */
        Attempt openAttempt() {
            Attempt last = attempts.isEmpty() ? null : attempts.getLast();
            return last != null && last.end() == null ? last : null;
        }

        /** Replaces the attempt in progress with its ended form. */
        void endAttempt(Duration end, String errorCode) {
            Attempt open = openAttempt();
            if (open == null) return;
            attempts.set(attempts.size() - 1, new Attempt(open.provider(), open.model(), open.start(), end, errorCode));
        }

        Content content() { return content; }
        String provider() { return provider; }
        Cache cache() { return cache; }
        int retries() { return retries; }
        long costMicros() { return costMicros; }
        boolean stream() { return stream; }

        public CompletedRequest build() {
            return new CompletedRequest(requestId, api, tenantId, keyId, requestedModel, servedModel, model, provider, tenant, status,
                    stream, errorCode, latency, timeToFirstToken, usage, costMicros, attempts, providerErrors, fallbacks, retries,
                    coldStart, budgetBlocked, downgrade, exactDowngrade, protocolErrors, unpricedModel, cache, guardrails, sampling,
                    responseId, finishReasons, rateLimited, content,
                    breakerOpenings);
        }
    }
}
