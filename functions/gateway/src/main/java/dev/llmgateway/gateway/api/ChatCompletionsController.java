package dev.llmgateway.gateway.api;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.cache.CacheRequest;
import dev.llmgateway.core.plan.Plan;
import dev.llmgateway.core.plan.Planner;
import dev.llmgateway.core.tenant.Authenticator;
import dev.llmgateway.core.tenant.Caller;
import dev.llmgateway.gateway.config.RequestLimits;
import dev.llmgateway.gateway.metrics.RequestMeter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/chat/completions}: authenticate the key to a tenant, read and validate the body,
 * then plan, call with failover and settle through the {@link RequestFlow} every inference API
 * shares. Failures are {@link GatewayError}s rendered by {@link dev.llmgateway.shared.errors.ErrorResponses}; closing the
 * plan gives back whatever budget was not settled. The {@link RequestMeter} is told what happened
 * (tenant, each attempt, first chunk, usage, cost, how a started stream ended) and records it once
 * when the response is complete.
 */
@RestController
class ChatCompletionsController {
    private final Authenticator auth;
    private final Planner planner;
    private final RequestFlow flow;
    private final RequestLimits limits;

    ChatCompletionsController(Authenticator auth, Planner planner, RequestFlow flow, RequestLimits limits) {
        this.auth = auth;
        this.planner = planner;
        this.flow = flow;
        this.limits = limits;
    }

    @PostMapping("/v1/chat/completions")
    void chatCompletions(HttpServletRequest http, HttpServletResponse response, RequestMeter meter) throws IOException {
        Caller caller = auth.caller(http.getHeader(HttpHeaders.AUTHORIZATION));
        meter.caller(caller);
        ChatRequest request = ChatRequest.parse(RequestBodies.read(http, limits.maxBodyBytes()));
        meter.requested(request.model());
        meter.sampling(request.maxTokens(), request.temperature(), request.topP());
        Cacheable cacheable = Cacheable.of(caller.tenant(), () -> CacheRequest.chat(request));
        try (Plan plan = flow.plan(() -> planner.plan(caller, request), response, meter)) {
            if (request.stream()) {
                flow.stream(plan, request.model(), plan.request(), cacheable, new SseResponse(response), http, response, meter,
                        (candidate, sink) -> candidate.provider().stream(plan.request(), candidate.model(), sink));
            } else {
                flow.complete(plan, request.model(), cacheable, http, response, meter,
                        candidate -> candidate.provider().complete(plan.request(), candidate.model()));
            }
        }
    }
}
