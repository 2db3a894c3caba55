package dev.llmgateway.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.guardrail.Guard;
import dev.llmgateway.core.guardrail.Guardrails;
import dev.llmgateway.core.guardrail.wire.Inbound;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.tenant.Caller;
import dev.llmgateway.gateway.metrics.RequestMeter;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The guardrails on the request path (docs/guardrails.md), run by each controller right after its
 * request is parsed, so before the plan and the response-cache lookup: a blocked request is never
 * planned, charged or served from the cache, and what is planned, cached and sent upstream is the
 * redacted request. The request's {@link Screening} then handles the answer on its way out.
 */
@Component
final class GuardStep {
    static final String HEADER = "X-Gateway-Redactions";

    private final Guardrails guardrails;

    GuardStep(Guardrails guardrails) {
        this.guardrails = guardrails;
    }

    /** A request after the inbound guardrails, and what the answer must go through. */
    record Screened<R>(R request, Screening screening) {}

    /**
     * Screens the parsed request's JSON ({@code tree}, left untouched) under the policies for the
     * caller and {@code model}; when a value was replaced, the request is parsed again from the
     * redacted JSON, so passed-through bytes and translated fields agree. Throws the policy's 400
     * (or 403 for a model allow-list) in the controller's own envelope.
     */
    <R> Screened<R> inbound(Caller caller, Inbound.Api api, String model, JsonNode tree, R parsed, Function<byte[], R> reparse,
                            HttpServletResponse response, RequestMeter meter) {
        Guard guard = guardrails.guard(caller.tenant().id(), caller.key() == null ? null : caller.key().hash(), model);
        Screening screening = new Screening(guard, api);
        if (!guard.active()) return new Screened<>(parsed, screening);
        meter.guardrails(guard); // counted and audited whatever happens next, a block included
        guard.model(model);
        ObjectNode copy = tree.deepCopy();
        Inbound.screen(api, copy, guard);
        screening.header(response);
        return new Screened<>(guard.redactions() > 0 ? reparse.apply(Json.bytes(copy)) : parsed, screening);
    }
}
