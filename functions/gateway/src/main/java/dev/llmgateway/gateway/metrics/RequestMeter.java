package dev.llmgateway.gateway.metrics;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.plan.Plan;
import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.core.tenant.Caller;
import dev.llmgateway.gateway.metrics.CompletedRequest.Downgrade;
import dev.llmgateway.gateway.metrics.CompletedRequest.Fallback;
import dev.llmgateway.gateway.metrics.CompletedRequest.ProtocolError;
import dev.llmgateway.gateway.metrics.CompletedRequest.ProviderError;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * The metering of one request, started when it arrives ({@link RequestMeteringFilter}) and closed once
 * after its response is complete. The handler tells it what happened: the provider and model, each
 * upstream call, the first chunk of a stream, the usage and how a started stream ended. Nothing is
 * recorded before {@link #close}, so every request is counted exactly once.
 *
 * <p>Only requests whose handler takes a {@code RequestMeter} parameter are counted as API requests;
 * every response still gets the overhead header.
 *
 * <p>Status label of a stream: 200 when it ended normally; when it failed after the 200 was sent, the
 * status the failure would have had (e.g. 502, 504: the client saw an error event, not a success);
 * 499 ("client closed request") when the client went away.
 */
public final class RequestMeter {
    public static final String OVERHEAD_HEADER = "X-Gateway-Overhead-Ms";
    /** The request's cost in USD at 6 decimal places (exact micro-dollars), on every response but streams. */
    public static final String COST_HEADER = "X-Gateway-Cost-USD";
    /** The de-facto status for a request the client abandoned before its response was complete. */
    public static final int CLIENT_CLOSED_REQUEST = 499;

    /** An upstream call, timed as such and watched for provider errors. */
    @FunctionalInterface
    public interface UpstreamCall<T> {
        T call() throws IOException;
    }

    private final Metering metering;
    private final long arrivedAt;
    private final String requestId;
    private final String requestApi;
    private final RequestTrace trace;
    private final CompletedRequest.Builder record = CompletedRequest.builder();

    private boolean counted;
    private boolean closed;
    private long upstreamNanos;
    private long upstreamSince = -1;
    private long firstChunkAt = -1;
    private int streamOutcome;
    private dev.llmgateway.core.guardrail.Guard guard;

    RequestMeter(Metering metering, long arrivedAt, String requestId, String api, RequestTrace trace) {
        this.metering = metering;
        this.trace = trace;
        this.arrivedAt = arrivedAt;
        this.requestId = requestId;
        this.requestApi = api;
        record.requestId(requestId).api(api);
    }

    /** The request's id: the client's well-formed {@code x-request-id}, else a generated one ({@link dev.llmgateway.shared.edge.RequestIds}). */
    public String requestId() {
        return requestId;
    }

    /** The request resolved to {@code provider}; {@code requestedModel} becomes its (bounded) model label. */
    public synchronized void routed(String provider, String requestedModel) {
        record.provider(provider).model(metering.modelLabel(requestedModel)).requestedModel(requestedModel);
    }

    /** As {@link #routed(String, String)}, naming the upstream model that serves it. */
    public synchronized void routed(String provider, String requestedModel, String upstreamModel) {
        routed(provider, requestedModel);
        record.servedModel(upstreamModel);
    }

    /** The model the client asked for, known once the body is parsed (before any routing). */
    public synchronized void requested(String model) {
        record.requestedModel(model);
    }

    /** Runs an upstream call: its time is not gateway overhead, and an upstream failure is a provider error. */
    public <T> T upstream(UpstreamCall<T> call) throws IOException {
        synchronized (this) {
            upstreamSince = metering.nanos();
        }
        try {
            return call.call();
        } catch (GatewayError e) {
            if (e.isUpstream()) providerError(e);
            throw e;
        } finally {
            synchronized (this) {
                long now = metering.nanos();
                upstreamNanos += now - upstreamSince;
                upstreamSince = -1;
                endAttempt(now, null);
            }
        }
    }

    /** Failover is calling {@code provider}'s {@code model}: a new attempt of the failover path, ending the one before. */
    public synchronized void attempting(String provider, String model) {
        long now = metering.nanos();
        endAttempt(now, null);
        record.attempt(new CompletedRequest.Attempt(provider, model, since(now), null, null));
        trace.attemptStarted(provider, model);
    }

    private void endAttempt(long now, String errorCode) {
        if (record.openAttempt() == null) return;
        record.endAttempt(since(now), errorCode);
        trace.attemptEnded(errorCode);
    }

    /** The request's trace (its spans). */
    public RequestTrace trace() {
        return trace;
    }

    /** The provider failover called last, even when it failed (the {@code X-Gateway-Provider} of an error), else null. */
    public synchronized String calledProvider() {
        CompletedRequest.Attempt last = record.lastAttempt();
        return last == null ? null : last.provider();
    }

    /** Marks the request as a stream and returns {@code sink} timed at its first chunk (time to first token). */
    public ChunkSink streamingTo(ChunkSink sink) {
        synchronized (this) {
            record.stream(true);
        }
        return chunk -> {
            firstChunk();
            sink.send(chunk);
        };
    }

    synchronized boolean streaming() {
        return record.stream();
    }

    /** The upstream's final usage (buffered: the completion's; streams: the stream result's). */
    public synchronized void usage(Usage usage) {
        record.usage(usage);
    }

    /**
     * What the upstream said about the answer that served: its own id (null: none) and the finish
     * reasons (span attributes). Reasons are normalized to the OpenAI form the gateway's clients see.
     */
    public synchronized void response(String responseId, java.util.List<String> finishReasons) {
        record.response(responseId, finishReasons.stream().map(GenAi::finishReason).toList());
    }

    /** The request's messages as sent upstream, in the conventions' JSON ({@link GenAiContent}); only when the trace captures content. */
    public synchronized void inputMessages(String json) {
        record.content(new CompletedRequest.Content(json, record.content() == null ? null : record.content().outputMessages()));
    }

    /** The answer as the provider gave it, in the conventions' JSON; only when the trace captures content. */
    public synchronized void outputMessages(String json) {
        record.content(new CompletedRequest.Content(record.content() == null ? null : record.content().inputMessages(), json));
    }

    /** A stream failed after its 200 was sent: counted with the failure's status. */
    public synchronized void streamFailed(GatewayError error) {
        streamOutcome = error.status();
        record.errorCode(error.code());
    }

    /** The client's limits and sampling settings (span attributes). */
    public synchronized void sampling(Integer maxTokens, Double temperature, Double topP) {
        record.sampling(new CompletedRequest.Sampling(maxTokens, temperature, topP));
    }

    /** The client went away before its response was complete. */
    public synchronized void clientDisconnected() {
        streamOutcome = CLIENT_CLOSED_REQUEST;
    }

    // ---- routing, failover and budgets ----

    public synchronized void tenant(String tenant) {
        record.tenant(metering.tenantLabel(tenant)).tenantId(tenant);
    }

    /** The authenticated caller: its tenant and the id of its key. */
    public synchronized void caller(Caller caller) {
        tenant(caller.tenant().id());
        record.keyId(caller.key() == null ? null : caller.key().hash());
    }

    /** A provider error that did not end the request (failover moved on to another target). */
    public synchronized void providerError(String provider, GatewayError e) {
        String code = metering.errorCodeLabel(e.code(), e.status());
        record.providerError(new ProviderError(provider, code));
        endAttempt(metering.nanos(), code);
    }

    /** A failure of this request opened the breaker of a route's target ({@code provider/model}). */
    public synchronized void breakerOpened(String provider, String model) {
        record.breakerOpening(new CompletedRequest.BreakerOpening(provider, model));
    }

    public synchronized void fallback(String fromProvider, String toProvider) {
        record.fallback(new Fallback(fromProvider, toProvider));
    }

    public synchronized void retry() {
        record.retries(record.retries() + 1);
    }

    /**
     * What the served request was charged against the tenant's budget: its cost, the usage to
     * count (as checked at settlement, never the raw report), any protocol error in the report,
     * and the serving model when it had no known price.
     */
    public synchronized void settled(String provider, String servedModel, Plan.Charge charge) {
        usage(charge.usage());
        record.addCostMicros(charge.usdMicros());
        if (charge.problem() != null) record.protocolError(new ProtocolError(provider, charge.problem().label()));
        if (charge.unpriced()) record.unpricedModel(metering.modelLabel(servedModel));
    }

    public synchronized void cost(double dollars) {
        record.addCostMicros(Math.round(dollars * 1_000_000));
    }

    /** The cost so far, as the receipt header and stream comment give it: USD with 6 decimals. */
    public synchronized String costUsd() {
        return usd(record.costMicros());
    }

    public static String usd(long micros) {
        return java.math.BigDecimal.valueOf(micros, 6).toPlainString();
    }

    // ---- response cache ----

    /** The response cache's outcome for this request: {@code hit}, {@code miss} or {@code bypass}. */
    public synchronized void cache(String outcome) {
        CompletedRequest.Cache c = record.cache();
        record.cache(c == null ? new CompletedRequest.Cache(outcome, 0, 0, false)
                : new CompletedRequest.Cache(outcome, c.savedTokens(), c.savedMicros(), c.tooLarge()));
    }

    /** What a hit saved: the original's tokens and cost less what the hit was charged. */
    public synchronized void cacheSaved(long tokens, long usdMicros) {
        CompletedRequest.Cache c = record.cache();
        if (c == null) return;
        record.cache(new CompletedRequest.Cache(c.result(), c.savedTokens() + Math.max(0, tokens),
                c.savedMicros() + Math.max(0, usdMicros), c.tooLarge()));
    }

    /** A miss's answer too large to store, even compressed. */
    public synchronized void cacheTooLarge() {
        CompletedRequest.Cache c = record.cache();
        if (c == null) return;
        record.cache(new CompletedRequest.Cache(c.result(), c.savedTokens(), c.savedMicros(), true));
    }

    /** A gateway rate limit refused the request ({@code gateway_rate_limited_total}, EMF {@code RateLimited}). */
    public synchronized void rateLimited(String scope, String limit) {
        record.rateLimited(new CompletedRequest.RateLimited(scope, limit));
    }

    public synchronized void budgetBlocked() {
        record.budgetBlocked(true);
    }

    public synchronized void downgraded(String originalModel, String downgradedModel) {
        record.downgrade(new Downgrade(metering.modelLabel(originalModel), metering.modelLabel(downgradedModel)),
                new Downgrade(originalModel, downgradedModel));
    }

    // ---- guardrails ----

    /**
     * The request's guardrails (docs/guardrails.md): their findings so far (never values), and those
     * still to come outbound, are in every snapshot, so counted and audited when the request completes.
     */
    public synchronized void guardrails(dev.llmgateway.core.guardrail.Guard guard) {
        this.guard = guard;
    }

    /**
     * The request as known so far, with {@code httpStatus} as its status unless a started stream
     * ended otherwise: the audit record's source while the response is still open.
     */
    public synchronized CompletedRequest snapshot(int httpStatus) {
        long now = metering.nanos();
        if (guard != null) {
            record.guardrails(guard.hits().stream().map(h -> new CompletedRequest.Guardrail(h.policy(), h.detector(), h.action().wire(),
                    h.direction().wire(), h.location())).toList());
        }
        return record.status(streamOutcome != 0 ? streamOutcome : httpStatus).latency(since(now))
                .timeToFirstToken(firstChunkAt < 0 ? null : since(firstChunkAt)).build();
    }

    private Duration since(long nanos) {
        return Duration.ofNanos(nanos - arrivedAt);
    }

    // ---- edge ----

    /** Counts this request as an API request (its handler asked for the meter). */
    synchronized void count() {
        counted = true;
    }

    /**
     * Time spent in the gateway so far, excluding upstream calls (an upstream call in progress counts
     * as upstream up to now), in milliseconds with microsecond precision.
     */
    synchronized String overheadMillis() {
        long now = metering.nanos();
        long upstream = upstreamNanos + (upstreamSince >= 0 ? now - upstreamSince : 0);
        long overhead = Math.max(0, now - arrivedAt - upstream);
        return String.format(Locale.ROOT, "%.3f", overhead / 1_000_000.0);
    }

    /** Ends the metering once; {@code httpStatus} is what the response carried. Later calls do nothing. */
    void close(int httpStatus) {
        CompletedRequest completed = null;
        CompletedRequest uncounted = null;
        synchronized (this) {
            if (closed) return;
            closed = true;
            if (!counted) {
                if (requestApi != null) uncounted = snapshot(httpStatus);
            } else {
                record.coldStart(metering.takeColdStart());
                completed = snapshot(httpStatus);
            }
        }
        if (completed != null) metering.completed(completed);
        else if (uncounted != null) metering.uncounted(uncounted);
        CompletedRequest traced = completed != null ? completed : uncounted;
        if (traced != null) {
            try {
                trace.completed(traced);
            } catch (RuntimeException e) {
                metering.traceFailed(e);
            }
        }
    }

    private synchronized void firstChunk() {
        if (firstChunkAt < 0) firstChunkAt = metering.nanos();
    }

    private synchronized void providerError(GatewayError e) {
        providerError(record.provider(), e);
    }
}
