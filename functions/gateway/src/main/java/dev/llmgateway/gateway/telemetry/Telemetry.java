package dev.llmgateway.gateway.telemetry;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.gateway.metrics.RequestTrace;
import dev.llmgateway.gateway.metrics.RequestTraces;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenTelemetry for the gateway: a span per request and per upstream attempt, and the GenAI
 * metrics, exported over OTLP/HTTP when {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set, and nothing at
 * all otherwise. The SDK is configured by the standard {@code OTEL_*}
 * variables (the SDK's own autoconfiguration); the gateway only sets defaults: protocol
 * {@code http/protobuf}, no log export, service name {@code llm-gateway}.
 *
 * <p>On Lambda the environment may be frozen as soon as a response completes, and the SDK exports
 * from background threads, so every request ends by flushing its spans (and, once per metric export
 * interval, the metrics) before its response completes ({@link #endOfRequest}).
 */
public final class Telemetry implements RequestTraces, AutoCloseable {
    public static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    /** Opt-in: prompt and completion content on the spans, as OpenTelemetry's GenAI instrumentations name the switch. */
    public static final String CAPTURE_CONTENT = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";
    private static final Logger log = LoggerFactory.getLogger(Telemetry.class);
    /** The standard variables passed to the SDK when they come from the gateway's configuration rather than the process. */
    private static final List<String> VARIABLES = List.of(ENDPOINT, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
            "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_PROTOCOL",
            "OTEL_EXPORTER_OTLP_TIMEOUT", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES", "OTEL_TRACES_SAMPLER",
            "OTEL_TRACES_SAMPLER_ARG", "OTEL_PROPAGATORS", "OTEL_METRIC_EXPORT_INTERVAL", "OTEL_METRICS_EXPORTER",
            "OTEL_TRACES_EXPORTER", "OTEL_BSP_SCHEDULE_DELAY");
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(2);

    private final OpenTelemetrySdk sdk;
    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final boolean flushEachRequest;
    private final long metricIntervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong lastMetricFlush;
    private final boolean captureContent;

    Telemetry(OpenTelemetrySdk sdk, boolean flushEachRequest, Duration metricInterval, LongSupplier nanoClock) {
        this(sdk, flushEachRequest, metricInterval, nanoClock, false);
    }

    /** @param captureContent record the (redacted) messages and answers on the spans ({@link #CAPTURE_CONTENT}) */
    Telemetry(OpenTelemetrySdk sdk, boolean flushEachRequest, Duration metricInterval, LongSupplier nanoClock, boolean captureContent) {
        this.captureContent = captureContent;
        this.sdk = sdk;
        this.tracer = sdk == null ? null : sdk.getTracer("dev.llmgateway.gateway");
        this.propagator = sdk == null ? null : sdk.getPropagators().getTextMapPropagator();
        this.flushEachRequest = flushEachRequest;
        this.metricIntervalNanos = metricInterval.toNanos();
        this.nanoClock = nanoClock;
        this.lastMetricFlush = new AtomicLong(nanoClock.getAsLong());
    }

    /** Off: no SDK, no spans, no export. */
    public static Telemetry off() {
        return new Telemetry(null, false, Duration.ofMinutes(1), System::nanoTime);
    }

    /** On when an OTLP endpoint is configured; flushing at the end of each request on Lambda. */
    public static Telemetry fromEnv(Env env) {
        if (env.get(ENDPOINT) == null) return off();
        Map<String, String> properties = new HashMap<>();
        properties.put("otel.exporter.otlp.protocol", "http/protobuf");
        properties.put("otel.logs.exporter", "none");
        properties.put("otel.service.name", "llm-gateway");
        for (String name : VARIABLES) {
            String value = env.get(name);
            if (value != null) properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
        }
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> properties)
                .disableShutdownHook() // closed with the application, after its last request
                .build().getOpenTelemetrySdk();
        Duration interval = Duration.ofMillis(Long.parseLong(properties.getOrDefault("otel.metric.export.interval", "60000")));
        boolean lambda = env.get("AWS_LAMBDA_FUNCTION_NAME") != null;
        boolean capture = env.flag(CAPTURE_CONTENT, false);
        log.info("OpenTelemetry export to {} (OTLP {}){}{}", properties.get("otel.exporter.otlp.endpoint"),
                properties.get("otel.exporter.otlp.protocol"),
                lambda ? ", flushed at the end of each request" : "",
                capture ? ", with message content (as redacted by the guardrails)" : "");
        return new Telemetry(sdk, lambda, interval, System::nanoTime, capture);
    }

    public boolean enabled() {
        return sdk != null;
    }

    boolean capturesContent() {
        return sdk != null && captureContent;
    }

    OpenTelemetrySdk sdk() {
        return sdk;
    }

    /** The trace of a request arriving with {@code headers} (its {@code traceparent}, {@code tracestate}, or X-Ray's header). */
    @Override
    public RequestTrace start(Function<String, String> headers, String api) {
        if (sdk == null) return RequestTrace.NONE;
        return new SpanTrace(this, tracer, propagator, headers, api);
    }

    /** The GenAI metrics over OTLP, or null when off. */
    public OtlpMetrics metrics() {
        return sdk == null ? null : new OtlpMetrics(sdk.getMeter("dev.llmgateway.gateway"));
    }

    /** Called as a request ends, before its response completes: on Lambda, export now (the environment may freeze next). */
    void endOfRequest() {
        if (!flushEachRequest) return;
        sdk.getSdkTracerProvider().forceFlush().join(FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long now = nanoClock.getAsLong();
        long last = lastMetricFlush.get();
        if (now - last >= metricIntervalNanos && lastMetricFlush.compareAndSet(last, now)) {
            sdk.getSdkMeterProvider().forceFlush().join(FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        if (sdk != null) sdk.shutdown().join(FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
