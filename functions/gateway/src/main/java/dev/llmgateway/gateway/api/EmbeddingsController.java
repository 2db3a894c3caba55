package dev.llmgateway.gateway.api;

import dev.llmgateway.core.api.EmbeddingsRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.cache.CacheRequest;
import dev.llmgateway.core.plan.Plan;
import dev.llmgateway.core.plan.Planner;
import dev.llmgateway.core.spi.EmbeddingsApi;
import dev.llmgateway.core.spi.Provider;
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
 * {@code POST /v1/embeddings} in OpenAI's shape. Routing, key policy, rate limits, budget (the
 * input's tokens, no output), failover and metering are the chat path's ({@link RequestFlow});
 * each provider answers through its {@link EmbeddingsApi}, passed through or translated.
 */
@RestController
class EmbeddingsController {
    private final Authenticator auth;
    private final Planner planner;
    private final RequestFlow flow;
    private final RequestLimits limits;

    EmbeddingsController(Authenticator auth, Planner planner, RequestFlow flow, RequestLimits limits) {
        this.auth = auth;
        this.planner = planner;
        this.flow = flow;
        this.limits = limits;
    }

    @PostMapping("/v1/embeddings")
    void embeddings(HttpServletRequest http, HttpServletResponse response, RequestMeter meter) throws IOException {
        Caller caller = auth.caller(http.getHeader(HttpHeaders.AUTHORIZATION));
        meter.caller(caller);
        EmbeddingsRequest request = EmbeddingsRequest.parse(RequestBodies.read(http, limits.maxBodyBytes()));
        meter.requested(request.model());
        Cacheable cacheable = Cacheable.of(caller.tenant(), () -> CacheRequest.embeddings(request));
        try (Plan plan = flow.plan(() -> planner.plan(caller, request), response, meter)) {
            flow.complete(plan, request.model(), cacheable, http, response, meter,
                    candidate -> embeddings(candidate.provider()).embed(request, candidate.model()));
        }
    }

    private static EmbeddingsApi embeddings(Provider provider) {
        if (provider instanceof EmbeddingsApi api) return api;
        throw GatewayError.unsupported(provider.name(), "model", "this provider serves no embeddings through the gateway");
    }
}
