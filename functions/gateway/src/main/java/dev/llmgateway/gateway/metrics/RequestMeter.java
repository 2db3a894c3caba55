package dev.llmgateway.gateway.metrics;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.plan.Plan;
import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.gateway.metrics.CompletedRequest.Downgrade;
import dev.llmgateway.gateway.metrics.CompletedRequest.Fallback;
import dev.llmgateway.gateway.metrics.CompletedRequest.ProtocolError;
import dev.llmgateway.gateway.metrics.CompletedRequest.ProviderError;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    private boolean counted;
    private boolean closed;
    private String model = LabelValues.UNKNOWN_MODEL;
    private String provider = LabelValues.NO_PROVIDER;
    private long upstreamNanos;
    private long upstreamSince = -1;
    private boolean stream;
    private long firstChunkAt = -1;
    private Usage usage;
    private int streamOutcome;
    private final List<ProviderError> providerErrors = new ArrayList<>();
    private final List<ProtocolError> protocolErrors = new ArrayList<>();
    // Filled by routing, failover and budgets (a later issue); the meters exist already.
    private final List<Fallback> fallbacks = new ArrayList<>();
    private int retries;
    private String tenant;
    private long costMicros;
    private String unpricedModel;
    private boolean budgetBlocked;
    private Downgrade downgrade;
    // The same facts unbounded, for the audit record (labels must stay few; an audit record must be exact).
    private String tenantId;
    private String requestedModel;
    private String servedModel;
    private String streamErrorCode;
    private dev.llmgateway.core.guardrail.Guard guard;
    private Downgrade exactDowngrade;

    RequestMeter(Metering metering, long arrivedAt) {
        this.metering = metering;
        this.arrivedAt = arrivedAt;
    }

    /** The request resolved to {@code provider}; {@code requestedModel} becomes its (bounded) model label. */
    public synchronized void routed(String provider, String requestedModel) {
        this.provider = provider;
        this.model = metering.modelLabel(requestedModel);
        this.requestedModel = requestedModel;
    }

    /** As {@link #routed(String, String)}, naming the upstream model that serves it. */
    public synchronized void routed(String provider, String requestedModel, String upstreamModel) {
        routed(provider, requestedModel);
        this.servedModel = upstreamModel;
    }

    /** The model the client asked for, known once the body is parsed (before any routing). */
    public synchronized void requested(String model) {
        this.requestedModel = model;
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
                upstreamNanos += metering.nanos() - upstreamSince;
                upstreamSince = -1;
            }
        }
    }

    /** Marks the request as a stream and returns {@code sink} timed at its first chunk (time to first token). */
    public ChunkSink streamingTo(ChunkSink sink) {
        synchronized (this) {
            stream = true;
        }
        return chunk -> {
            firstChunk();
            sink.send(chunk);
        };
    }

    synchronized boolean streaming() {
        return stream;
    }

    /** The upstream's final usage (buffered: the completion's; streams: the stream result's). */
    public synchronized void usage(Usage usage) {
        this.usage = usage;
    }

    /** A stream failed after its 200 was sent: counted with the failure's status. */
    public synchronized void streamFailed(GatewayError error) {
        streamOutcome = error.status();
        streamErrorCode = error.code();
    }

    /** The client went away before its response was complete. */
    public synchronized void clientDisconnected() {
        streamOutcome = CLIENT_CLOSED_REQUEST;
    }

    // ---- routing, failover and budgets ----

    public synchronized void tenant(String tenant) {
        this.tenant = metering.tenantLabel(tenant);
        this.tenantId = tenant;
    }

    /** A provider error that did not end the request (failover moved on to another target). */
    public synchronized void providerError(String provider, GatewayError e) {
        providerErrors.add(new ProviderError(provider, metering.errorCodeLabel(e.code(), e.status())));
    }

    public synchronized void fallback(String fromProvider, String toProvider) {
        fallbacks.add(new Fallback(fromProvider, toProvider));
    }

    public synchronized void retry() {
        retries++;
    }

    /**
     * What the served request was charged against the tenant's budget: its cost, the usage to
     * count (as checked at settlement, never the raw report), any protocol error in the report,
     * and the serving model when it had no known price.
     */
    public synchronized void settled(String provider, String servedModel, Plan.Charge charge) {
        usage(charge.usage());
        costMicros += charge.usdMicros();
        if (charge.problem() != null) protocolErrors.add(new ProtocolError(provider, charge.problem().label()));
        if (charge.unpriced()) unpricedModel = metering.modelLabel(servedModel);
    }

    public synchronized void cost(double dollars) {
        costMicros += Math.round(dollars * 1_000_000);
    }

    /** The cost so far, as the receipt header and stream comment give it: USD with 6 decimals. */
    public synchronized String costUsd() {
        return usd(costMicros);
    }

    public static String usd(long micros) {
        return java.math.BigDecimal.valueOf(micros, 6).toPlainString();
    }

    // ---- response cache ----
    private String cache;
    private long cacheSavedTokens;
    private long cacheSavedMicros;
    private boolean cacheTooLarge;

    /** The response cache's outcome for this request: {@code hit}, {@code miss} or {@code bypass}. */
    public synchronized void cache(String outcome) {
        cache = outcome;
    }

    /** What a hit saved: the original's tokens and cost less what the hit was charged. */
    public synchronized void cacheSaved(long tokens, long usdMicros) {
        cacheSavedTokens += Math.max(0, tokens);
        cacheSavedMicros += Math.max(0, usdMicros);
    }

    /** A miss's answer too large to store, even compressed. */
    public synchronized void cacheTooLarge() {
        cacheTooLarge = true;
    }

    /** The request's guardrails: their findings (never values) are counted and audited when the request completes. */
    public synchronized void guardrails(dev.llmgateway.core.guardrail.Guard guard) {
        this.guard = guard;
    }

    public synchronized void budgetBlocked() {
        budgetBlocked = true;
    }

    public synchronized void downgraded(String originalModel, String downgradedModel) {
        downgrade = new Downgrade(metering.modelLabel(originalModel), metering.modelLabel(downgradedModel));
        exactDowngrade = new Downgrade(originalModel, downgradedModel);
    }

    /** What is known about the request so far, exact (not label-bounded): the audit record's source. */
    public synchronized RequestFacts facts() {
        long now = metering.nanos();
        return new RequestFacts(tenantId, requestedModel, LabelValues.NO_PROVIDER.equals(provider) ? null : provider, servedModel,
                stream, usage, costMicros / 1_000_000.0, fallbacks, providerErrors, retries, exactDowngrade, budgetBlocked,
                streamOutcome, streamErrorCode, Duration.ofNanos(now - arrivedAt),
                firstChunkAt < 0 ? null : Duration.ofNanos(firstChunkAt - arrivedAt));
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
        CompletedRequest completed;
        synchronized (this) {
            if (closed) return;
            closed = true;
            if (!counted) return;
            long now = metering.nanos();
            completed = new CompletedRequest(model, provider, streamOutcome != 0 ? streamOutcome : httpStatus, stream,
                    Duration.ofNanos(now - arrivedAt),
                    firstChunkAt < 0 ? null : Duration.ofNanos(firstChunkAt - arrivedAt),
                    usage, providerErrors, fallbacks, retries, metering.takeColdStart(), tenant, costMicros / 1_000_000.0,
                    budgetBlocked, downgrade, protocolErrors, unpricedModel,
                    cache == null ? null : new CompletedRequest.Cache(cache, cacheSavedTokens, cacheSavedMicros, cacheTooLarge));
        }
        metering.completed(completed);
    }

    private synchronized void firstChunk() {
        if (firstChunkAt < 0) firstChunkAt = metering.nanos();
    }

    private synchronized void providerError(GatewayError e) {
        providerError(provider, e);
    }
}
