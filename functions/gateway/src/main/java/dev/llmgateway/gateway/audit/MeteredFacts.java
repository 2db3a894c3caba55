package dev.llmgateway.gateway.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.gateway.metrics.CompletedRequest;
import dev.llmgateway.gateway.metrics.RequestMeter;
import dev.llmgateway.gateway.metrics.RequestMeteringFilter;
import dev.llmgateway.shared.audit.AuditFilter;
import dev.llmgateway.shared.audit.ApiFacts;
import dev.llmgateway.shared.edge.RequestIds;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The API fields of an audit record (docs/audit.md), from the request's one record as its meter
 * holds it ({@link CompletedRequest}); without a meter (a request refused before metering) only
 * the response is known.
 */
public final class MeteredFacts implements ApiFacts {
    private final RequestMeter meter;
    private CompletedRequest f;

    private MeteredFacts(RequestMeter meter) {
        this.meter = meter;
    }

    /** The facts of a request that has just been served (the audit filter runs inside the metering filter). */
    public static ApiFacts of(HttpServletRequest request) {
        return new MeteredFacts(RequestMeteringFilter.current(request));
    }

    /** The id the meter gave the request, so the audit record, the logs and the response header agree. */
    public static String requestId(HttpServletRequest request) {
        RequestMeter meter = RequestMeteringFilter.current(request);
        return meter != null ? meter.requestId() : RequestIds.of(request.getHeader(AuditFilter.REQUEST_ID_HEADER));
    }

    /** Called first: the record is taken with the status the response has. */
    @Override
    public int status(int responseStatus) {
        f = meter == null ? null : meter.snapshot(responseStatus);
        return f != null ? f.status() : responseStatus;
    }

    @Override
    public String tenant() {
        return f == null ? null : f.tenantId();
    }

    @Override
    public String errorCode() {
        if (f == null) return null;
        if (f.errorCode() != null) return f.errorCode();
        return f.status() == RequestMeter.CLIENT_CLOSED_REQUEST ? "client_closed_request" : null;
    }

    /**
     * The API a {@code /v1/} path belongs to, never a client-chosen id (which would make the field
     * unbounded): {@code chat.completions}, {@code messages.count_tokens}, {@code responses},
     * {@code responses.input_items}, {@code models}...
     */
    static String api(String path) {
        return RequestMeteringFilter.api(path); // one naming for the record, the access log and the metrics
    }

    @Override
    public void addTo(ObjectNode r, String path) {
        r.put("api", api(path));
        r.put("model_requested", f == null ? null : f.requestedModel());
        r.put("provider", f == null || !f.routed() ? null : f.provider()); // the record's label is "none"
        r.put("model_served", f == null ? null : f.servedModel());
        r.put("stream", f != null && f.stream());
        ArrayNode failover = r.putArray("failover");
        ArrayNode errors = r.putArray("provider_errors");
        if (f != null) {
            for (CompletedRequest.Fallback fb : f.fallbacks()) failover.addObject().put("from", fb.fromProvider()).put("to", fb.toProvider());
            for (CompletedRequest.ProviderError e : f.providerErrors()) errors.addObject().put("provider", e.provider()).put("code", e.errorCode());
            r.put("retries", f.retries());
            if (f.exactDowngrade() != null) {
                r.putObject("downgrade").put("from", f.exactDowngrade().originalModel()).put("to", f.exactDowngrade().downgradedModel());
            } else {
                r.putNull("downgrade");
            }
            r.put("budget_blocked", f.budgetBlocked());
            r.set("usage", f.usage() == null ? Json.MAPPER.nullNode() : Json.MAPPER.valueToTree(f.usage()));
            r.put("cost_usd", f.costDollars());
            r.put("ttft_ms", f.timeToFirstToken() == null ? null : f.timeToFirstToken().toNanos() / 1_000_000.0);
        }
        ArrayNode guardrails = r.putArray("guardrails"); // each decision: policy, detector, action (never the matched text)
        if (f != null) {
            for (CompletedRequest.Guardrail g : f.guardrails()) {
                guardrails.addObject().put("policy", g.policy()).put("detector", g.detector()).put("action", g.action());
            }
        }
        r.putNull("content");     // content opt-in stores nothing until a PII policy exists
    }
}
