package dev.llmgateway.gateway.telemetry;

import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.http.UpstreamTrace;
import dev.llmgateway.gateway.metrics.CompletedRequest;
import dev.llmgateway.gateway.metrics.GenAi;
import dev.llmgateway.gateway.metrics.RequestMeter;
import dev.llmgateway.gateway.metrics.RequestTrace;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The spans of one request: a SERVER span from arrival to the last byte, continuing the client's
 * trace ({@code traceparent}/{@code tracestate}, else an X-Ray {@code X-Amzn-Trace-Id}), and a
 * CLIENT span per upstream attempt, whose context goes upstream in the attempt's own
 * {@code traceparent}. The GenAI attributes are set when the request's record is final. Prompt and
 * completion content only when asked for ({@link Telemetry#CAPTURE_CONTENT}), as redacted by the guardrails.
 */
final class SpanTrace implements RequestTrace {
    private static final TextMapGetter<Function<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Function<String, String> carrier) {
            return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(Function<String, String> carrier, String key) {
            return carrier == null ? null : carrier.apply(key);
        }
    };

    private static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");

    private final Telemetry telemetry;
    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final Span root;
    private final Context rootContext;
    private final String operation;
    private Span attempt;
    private String serverAddress;
    private long serverPort = -1;

    SpanTrace(Telemetry telemetry, Tracer tracer, TextMapPropagator propagator, Function<String, String> headers, String api) {
        this.telemetry = telemetry;
        this.operation = GenAi.operation(api);
        this.tracer = tracer;
        this.propagator = propagator;
        Context parent = propagator.extract(Context.root(), headers, HEADERS);
        if (!Span.fromContext(parent).getSpanContext().isValid()) parent = XRayHeader.parent(headers.apply(XRayHeader.NAME));
        this.root = tracer.spanBuilder("request").setSpanKind(SpanKind.SERVER).setParent(parent).startSpan();
        this.rootContext = parent.with(root);
    }

    @Override
    public String traceId() {
        return root.getSpanContext().getTraceId();
    }

    @Override
    public boolean capturesContent() {
        return telemetry.capturesContent();
    }

    @Override
    public void attemptStarted(String provider, String model) {
        endAttempt(null);
        Span span = tracer.spanBuilder(operation + " " + model).setSpanKind(SpanKind.CLIENT).setParent(rootContext)
                .setAttribute(GenAi.OPERATION, operation).setAttribute(GenAi.PROVIDER, GenAi.provider(provider))
                .setAttribute(GenAi.REQUEST_MODEL, model).startSpan();
        attempt = span;
        Map<String, String> headers = new HashMap<>();
        propagator.inject(rootContext.with(span), headers, Map::put);
        UpstreamTrace.observe(new UpstreamTrace.Observer() {
            @Override
            public Map<String, String> headers() {
                return headers;
            }

            @Override
            public void sending(URI uri) {
                String host = uri.getHost();
                int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
                span.setAttribute("server.address", host);
                span.setAttribute("server.port", (long) port);
                serverAddress = host;
                serverPort = port;
            }
        });
    }

    @Override
    public void attemptEnded(String errorCode) {
        endAttempt(errorCode);
    }

    private void endAttempt(String errorCode) {
        UpstreamTrace.clear();
        if (attempt == null) return;
        if (errorCode != null) {
            attempt.setAttribute(GenAi.ERROR_TYPE, errorCode);
            attempt.setStatus(StatusCode.ERROR, errorCode);
        }
        attempt.end();
        attempt = null;
    }

    @Override
    public void completed(CompletedRequest r) {
        endAttempt(null);
        root.updateName(r.requestedModel() == null ? operation : operation + " " + r.model());
        root.setAttribute(GenAi.OPERATION, operation);
        if (r.routed()) root.setAttribute(GenAi.PROVIDER, GenAi.provider(r.provider()));
        set(GenAi.REQUEST_MODEL, r.requestedModel());
        set("gen_ai.response.model", r.servedModel());
        set("gen_ai.response.id", r.responseId());
        if (!r.finishReasons().isEmpty()) root.setAttribute(FINISH_REASONS, r.finishReasons());
        root.setAttribute("gen_ai.request.stream", r.stream());
        if (r.sampling() != null) {
            if (r.sampling().maxTokens() != null) root.setAttribute("gen_ai.request.max_tokens", (long) r.sampling().maxTokens());
            if (r.sampling().temperature() != null) root.setAttribute("gen_ai.request.temperature", r.sampling().temperature());
            if (r.sampling().topP() != null) root.setAttribute("gen_ai.request.top_p", r.sampling().topP());
        }
        Usage u = r.usage();
        if (u != null) {
            root.setAttribute("gen_ai.usage.input_tokens", (long) u.promptTokens());
            root.setAttribute("gen_ai.usage.output_tokens", (long) u.completionTokens());
            if (u.cacheReadTokens() > 0) root.setAttribute("gen_ai.usage.cache_read.input_tokens", (long) u.cacheReadTokens());
            if (u.cacheWriteTokens() > 0) root.setAttribute("gen_ai.usage.cache_creation.input_tokens", (long) u.cacheWriteTokens());
            if (u.reasoningTokens() > 0) root.setAttribute("gen_ai.usage.reasoning.output_tokens", (long) u.reasoningTokens());
        }
        if (r.timeToFirstToken() != null) root.setAttribute("gen_ai.server.time_to_first_token", r.timeToFirstToken().toNanos() / 1e9);
        if (serverAddress != null) {
            root.setAttribute("server.address", serverAddress);
            root.setAttribute("server.port", serverPort);
        }
        root.setAttribute("http.response.status_code", (long) r.status());
        String errorType = GenAi.errorType(r);
        if (!errorType.isEmpty()) root.setAttribute(GenAi.ERROR_TYPE, errorType);
        if (r.status() >= 500) root.setStatus(StatusCode.ERROR, errorType);
        set("llm_gateway.request_id", r.requestId());
        set("llm_gateway.api", r.api());
        set("llm_gateway.tenant", r.tenantId());
        root.setAttribute("llm_gateway.cost_usd", RequestMeter.usd(r.costMicros()));
        root.setAttribute("llm_gateway.attempts", (long) r.attempts().size());
        if (r.content() != null) {
            set("gen_ai.input.messages", r.content().inputMessages());
            set("gen_ai.output.messages", r.content().outputMessages());
        }
        events(r);
        root.end();
        telemetry.endOfRequest();
    }

    /** Budget, cache and guardrail decisions as span events. */
    private void events(CompletedRequest r) {
        if (r.budgetBlocked()) root.addEvent("llm_gateway.budget.blocked");
        if (r.exactDowngrade() != null) {
            root.addEvent("llm_gateway.budget.downgrade", Attributes.of(AttributeKey.stringKey("from"), r.exactDowngrade().originalModel(),
                    AttributeKey.stringKey("to"), r.exactDowngrade().downgradedModel()));
        }
        if (r.cache() != null) root.addEvent("llm_gateway.cache", Attributes.of(AttributeKey.stringKey("result"), r.cache().result()));
        for (CompletedRequest.Guardrail g : r.guardrails()) {
            root.addEvent("llm_gateway.guardrail", Attributes.of(AttributeKey.stringKey("policy"), String.valueOf(g.policy()),
                    AttributeKey.stringKey("detector"), String.valueOf(g.detector()), AttributeKey.stringKey("action"), String.valueOf(g.action())));
        }
    }

    private void set(String key, String value) {
        if (value != null) root.setAttribute(key, value);
    }
}
