package dev.llmgateway.gateway.api;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.plan.Plan;
import dev.llmgateway.core.plan.Planner;
import dev.llmgateway.core.provider.Completion;
import dev.llmgateway.core.provider.StreamResult;
import dev.llmgateway.core.routing.Failover;
import dev.llmgateway.core.tenant.Authenticator;
import dev.llmgateway.core.tenant.Tenant;
import dev.llmgateway.gateway.config.RequestLimits;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/chat/completions}: authenticate the key to a tenant, read and validate the body,
 * plan (route, budget reservation, downgrade), call the candidates with failover, then settle the
 * real usage. Failures are {@link GatewayError}s rendered by {@link ErrorResponses}; closing the
 * plan gives back whatever budget was not settled.
 */
@RestController
class ChatCompletionsController {
    static final String PROVIDER_HEADER = "X-Gateway-Provider";
    static final String DOWNGRADE_HEADER = "X-Gateway-Model-Downgraded";
    private static final Logger log = LoggerFactory.getLogger(ChatCompletionsController.class);

    private final Authenticator auth;
    private final Planner planner;
    private final Failover failover;
    private final RequestLimits limits;

    ChatCompletionsController(Authenticator auth, Planner planner, Failover failover, RequestLimits limits) {
        this.auth = auth;
        this.planner = planner;
        this.failover = failover;
        this.limits = limits;
    }

    @PostMapping("/v1/chat/completions")
    void chatCompletions(HttpServletRequest http, HttpServletResponse response) throws IOException {
        Tenant tenant = auth.authenticate(http.getHeader(HttpHeaders.AUTHORIZATION));
        ChatRequest request = ChatRequest.parse(RequestBodies.read(http, limits.maxBodyBytes()));
        try (Plan plan = planner.plan(tenant, request)) {
            if (plan.downgrade() != null) response.setHeader(DOWNGRADE_HEADER, plan.downgrade());
            if (request.stream()) {
                stream(request, plan, response);
            } else {
                complete(request, plan, response);
            }
        }
    }

    private void complete(ChatRequest request, Plan plan, HttpServletResponse response) throws IOException {
        Failover.Served<Completion> served = failover.complete(plan.routing(), request);
        plan.settle(served.candidate(), served.result().usage());
        Completion completion = served.result();
        response.setHeader(PROVIDER_HEADER, served.candidate().provider().name());
        response.setContentType("application/json");
        response.setContentLength(completion.body().length);
        response.getOutputStream().write(completion.body());
    }

    private void stream(ChatRequest request, Plan plan, HttpServletResponse response) throws IOException {
        SseResponse sse = new SseResponse(response);
        Failover.Served<StreamResult> served;
        try {
            served = failover.stream(plan.routing(), request, sse, candidate -> {
                plan.serving(candidate); // from here on, a failure cannot be retried elsewhere
                response.setHeader(PROVIDER_HEADER, candidate.provider().name());
            });
        } catch (GatewayError e) {
            if (!sse.started()) throw e; // nothing sent yet: answer with the error's own status
            log.warn("stream for model {} failed after the first chunk: {}", request.model(), e.getMessage());
            sse.fail(e);
            return;
        } catch (IOException e) {
            // The client went away; the provider has already cancelled the upstream call.
            log.debug("client disconnected from a {} stream", request.model());
            return;
        }
        plan.settle(served.candidate(), served.result().usage());
        sse.done();
    }
}
