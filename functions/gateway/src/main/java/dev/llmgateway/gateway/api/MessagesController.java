package dev.llmgateway.gateway.api;

import dev.llmgateway.core.api.MessagesRequest;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.cache.CacheRequest;
import dev.llmgateway.core.plan.Plan;
import dev.llmgateway.core.plan.Planner;
import dev.llmgateway.core.routing.Candidate;
import dev.llmgateway.core.routing.Router;
import dev.llmgateway.core.messages.MessagesOn;
import dev.llmgateway.core.spi.MessagesApi;
import dev.llmgateway.core.spi.TokenCounter;
import dev.llmgateway.core.tenant.Authenticator;
import dev.llmgateway.core.tenant.Caller;
import dev.llmgateway.gateway.config.RequestLimits;
import dev.llmgateway.gateway.metrics.RequestMeter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Anthropic's Messages API inbound: {@code POST /v1/messages} (buffered and streamed) and
 * {@code POST /v1/messages/count_tokens}. The key comes as {@code x-api-key} (what the Anthropic
 * SDKs and Claude Code send) or {@code Authorization: Bearer}. Routing, budget, failover and
 * metering are the chat path's ({@link RequestFlow}); a provider that speaks Messages natively
 * (Anthropic; Claude on Bedrock) gets the client's body as sent but for {@code model} (on Bedrock
 * also {@code stream}, and {@code anthropic_version}), any other is reached by translation
 * ({@link MessagesOn}). Errors are Anthropic's envelope
 * ({@link MessagesErrors}).
 */
@RestController
class MessagesController {
    /** The client's headers passed on to Anthropic. */
    private static final String[] PASSED_HEADERS = {"anthropic-version", "anthropic-beta"};

    private final Authenticator auth;
    private final Planner planner;
    private final Router router;
    private final RequestFlow flow;
    private final RequestLimits limits;

    MessagesController(Authenticator auth, Planner planner, Router router, RequestFlow flow, RequestLimits limits) {
        this.auth = auth;
        this.planner = planner;
        this.router = router;
        this.flow = flow;
        this.limits = limits;
    }

    @PostMapping("/v1/messages")
    void messages(HttpServletRequest http, HttpServletResponse response, RequestMeter meter) throws IOException {
        Caller caller = authenticate(http, meter);
        MessagesRequest request = MessagesRequest.parse(RequestBodies.read(http, limits.maxBodyBytes()), passedHeaders(http));
        meter.requested(request.model());
        Cacheable cacheable = Cacheable.of(caller.tenant(), () -> CacheRequest.messages(request));
        try (Plan plan = flow.plan(() -> planner.plan(caller, request), response, meter)) {
            if (request.stream()) {
                flow.stream(plan, request.model(), null, cacheable, WholeEventsResponse.messages(response), http, response, meter,
                        (candidate, sink) -> on(candidate).streamMessages(request, candidate.model(), sink));
            } else {
                flow.complete(plan, request.model(), cacheable, http, response, meter,
                        candidate -> on(candidate).messages(request, candidate.model()));
            }
        }
    }

    /**
     * Counting is free and changes no budget: Anthropic counts; for any other backend the answer
     * is the gateway's own budget estimate of the prompt (an upper bound, see the docs).
     */
    @PostMapping("/v1/messages/count_tokens")
    void countTokens(HttpServletRequest http, HttpServletResponse response, RequestMeter meter) throws IOException {
        authenticate(http, meter);
        MessagesRequest request = MessagesRequest.parseCount(RequestBodies.read(http, limits.maxBodyBytes()), passedHeaders(http));
        Candidate first = router.route(request.model()).candidates().getFirst();
        byte[] body = first.provider() instanceof TokenCounter counter
                ? counter.countTokens(request, first.model()).body()
                : Json.bytes(Map.of("input_tokens", planner.estimate(request).promptTokens()));
        response.setHeader(RequestFlow.PROVIDER_HEADER, first.provider().name());
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Natively where the provider speaks Messages for this model (Anthropic, Claude on Bedrock), else translated. */
    private static MessagesApi on(Candidate candidate) {
        return MessagesOn.provider(candidate.provider(), candidate.model());
    }

    private Caller authenticate(HttpServletRequest http, RequestMeter meter) {
        String authorization = http.getHeader(HttpHeaders.AUTHORIZATION);
        Caller caller = auth.caller(authorization != null ? authorization : http.getHeader("x-api-key"));
        meter.caller(caller);
        return caller;
    }

    private static Map<String, String> passedHeaders(HttpServletRequest http) {
        Map<String, String> headers = new HashMap<>();
        for (String name : PASSED_HEADERS) {
            String value = http.getHeader(name);
            if (value != null) headers.put(name, value);
        }
        return headers;
    }
}
