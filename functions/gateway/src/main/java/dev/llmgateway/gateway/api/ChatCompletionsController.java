package dev.llmgateway.gateway.api;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.cache.CacheRequest;
import dev.llmgateway.core.guardrail.wire.Inbound;
import dev.llmgateway.core.plan.Plan;
import dev.llmgateway.core.plan.Planner;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.tenant.Authenticator;
import dev.llmgateway.core.tenant.Caller;
import dev.llmgateway.gateway.config.RequestLimits;
import dev.llmgateway.gateway.metrics.GenAiContent;
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
    private final GuardStep guard;

    ChatCompletionsController(Authenticator auth, Planner planner, RequestFlow flow, RequestLimits limits, GuardStep guard) {
        this.auth = auth;
        this.planner = planner;
        this.flow = flow;
        this.limits = limits;
        this.guard = guard;
    }

    @PostMapping("/v1/chat/completions")
    void chatCompletions(HttpServletRequest http, HttpServletResponse response, RequestMeter meter) throws IOException {
        Caller caller = auth.caller(http.getHeader(HttpHeaders.AUTHORIZATION));
        meter.caller(caller);
        ChatRequest parsed = ChatRequest.parse(RequestBodies.read(http, limits.maxBodyBytes()));
        meter.requested(parsed.model());
        GuardStep.Screened<ChatRequest> screened = guard.inbound(caller, Inbound.Api.CHAT, parsed.model(), parsed.raw(), parsed,
                ChatRequest::parse, response, meter);
        ChatRequest request = screened.request();
        meter.sampling(request.maxTokens(), request.temperature(), request.topP());
        Screening screening = screened.screening();
        Cacheable cacheable = Cacheable.of(caller.tenant(), () -> CacheRequest.chat(request));
        boolean capture = meter.trace().capturesContent();
        // The messages after the inbound guardrails: what the provider receives, never what the client typed.
        if (capture) meter.inputMessages(GenAiContent.input(request.raw().path("messages")));
        try (Plan plan = flow.plan(() -> planner.plan(caller, request), response, meter)) {
            if (request.stream()) {
                flow.stream(plan, request.model(), plan.request(), cacheable, screening.events(new SseResponse(response)), http, response, meter,
                        (candidate, sink) -> {
                            if (!capture) return candidate.provider().stream(plan.request(), candidate.model(), sink);
                            GenAiContent.StreamCapture answer = new GenAiContent.StreamCapture();
                            StreamResult result = candidate.provider().stream(plan.request(), candidate.model(), answer.around(sink));
                            meter.outputMessages(answer.json());
                            return result;
                        });
            } else {
                flow.complete(plan, request.model(), cacheable, screening, http, response, meter, candidate -> {
                    Completion completion = candidate.provider().complete(plan.request(), candidate.model());
                    // The provider's answer, before the outbound guardrails could restore an original value.
                    if (capture) meter.outputMessages(GenAiContent.output(completion.body()));
                    return completion;
                });
            }
        }
    }
}
