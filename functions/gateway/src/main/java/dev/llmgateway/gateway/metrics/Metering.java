package dev.llmgateway.gateway.metrics;

import dev.llmgateway.shared.edge.RequestIds;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a {@link RequestMeter} per request and hands each finished API request to the sinks, in
 * order (meters first, so a remote-write push triggered by the last sink already includes it).
 * Holds what is per process: the bounded label values and the cold-start flag.
 */
public final class Metering {
    private static final Logger log = LoggerFactory.getLogger(Metering.class);

    private final LongSupplier nanoClock;
    private final List<RequestSink> sinks;
    private final RequestSink accessLog;
    private final LabelValues models;
    private final LabelValues errorCodes;
    private final LabelValues tenants;
    private final AtomicBoolean coldStartTaken = new AtomicBoolean();

    public Metering(LongSupplier nanoClock, List<RequestSink> sinks, int maxLabelValues) {
        this(nanoClock, sinks, maxLabelValues, null);
    }

    /** With {@code accessLog} (one of {@code sinks}), which also sees the {@code /v1} requests no API handler took (unknown paths, 405s). */
    public Metering(LongSupplier nanoClock, List<RequestSink> sinks, int maxLabelValues, RequestSink accessLog) {
        this.nanoClock = nanoClock;
        this.sinks = List.copyOf(sinks);
        this.accessLog = accessLog;
        this.models = new LabelValues(maxLabelValues);
        this.errorCodes = new LabelValues(maxLabelValues);
        this.tenants = new LabelValues(maxLabelValues);
    }

    /** A meter for a request that has no id or API (tests). */
    public RequestMeter start() {
        return start(RequestIds.generate(), null);
    }

    public RequestMeter start(String requestId, String api) {
        return start(requestId, api, RequestTrace.NONE);
    }

    public RequestMeter start(String requestId, String api, RequestTrace trace) {
        return new RequestMeter(this, nanoClock.getAsLong(), requestId, api, trace);
    }

    void traceFailed(RuntimeException e) {
        log.warn("tracing failed: {}", e.toString()); // never fails a request
    }

    void completed(CompletedRequest request) {
        deliver(sinks, request);
    }

    /** A {@code /v1} request that was not an API request: logged, not counted. */
    void uncounted(CompletedRequest request) {
        if (accessLog != null) deliver(List.of(accessLog), request);
    }

    private static void deliver(List<RequestSink> sinks, CompletedRequest request) {
        for (RequestSink sink : sinks) {
            try {
                sink.completed(request);
            } catch (RuntimeException e) {
                // Metrics never fail a request; the response is already complete anyway.
                log.warn("metrics sink {} failed: {}", sink.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** True exactly once per process: for the first API request it completes. */
    boolean takeColdStart() {
        return coldStartTaken.compareAndSet(false, true);
    }

    long nanos() {
        return nanoClock.getAsLong();
    }

    String modelLabel(String requested) {
        return requested == null || requested.isBlank() ? LabelValues.UNKNOWN_MODEL : models.admit(requested);
    }

    String errorCodeLabel(String code, int status) {
        return errorCodes.errorCode(code, status);
    }

    String tenantLabel(String tenant) {
        return tenant == null || tenant.isBlank() ? null : tenants.admit(tenant);
    }
}
