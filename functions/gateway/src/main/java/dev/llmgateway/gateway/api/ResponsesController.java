package dev.llmgateway.gateway.api;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.ResponsesRequest;
import dev.llmgateway.core.cache.CacheRequest;
import dev.llmgateway.core.plan.Plan;
import dev.llmgateway.core.plan.Planner;
import dev.llmgateway.core.providers.ModelResolver;
import dev.llmgateway.core.responses.Responses;
import dev.llmgateway.core.spi.Provider;
import dev.llmgateway.core.tenant.Authenticator;
import dev.llmgateway.core.tenant.Caller;
import dev.llmgateway.gateway.config.RequestLimits;
import dev.llmgateway.gateway.metrics.RequestMeter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * OpenAI's Responses API inbound: {@code POST /v1/responses} (buffered and streamed), and
 * {@code GET}/{@code DELETE /v1/responses/{id}} and {@code GET /v1/responses/{id}/input_items}.
 * Routing, budget, failover and metering are the chat path's ({@link RequestFlow}); what is passed
 * through, what is translated and what is stored is {@link Responses}'s. Errors are OpenAI's envelope.
 */
@RestController
class ResponsesController {
    private final Authenticator auth;
    private final Planner planner;
    private final RequestFlow flow;
    private final RequestLimits limits;
    private final Responses responses;
    private final Function<String, Provider> providers;

    ResponsesController(Authenticator auth, Planner planner, RequestFlow flow, RequestLimits limits, Responses responses,
                        ModelResolver resolver) {
        this.auth = auth;
        this.planner = planner;
        this.flow = flow;
        this.limits = limits;
        this.responses = responses;
        this.providers = name -> resolver.providers().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    @PostMapping("/v1/responses")
    void create(HttpServletRequest http, HttpServletResponse response, RequestMeter meter) throws IOException {
        Caller caller = authenticate(http, meter);
        ResponsesRequest request = ResponsesRequest.parse(RequestBodies.read(http, limits.maxBodyBytes()));
        meter.requested(request.model());
        Responses.Turn turn = responses.begin(caller.tenant().id(), request);
        // Only a stateless call can be eligible (CacheRequest.responses): a stored one's id must stay its own.
        Cacheable cacheable = Cacheable.of(caller.tenant(), () -> CacheRequest.responses(request.tree(), request.stream()));
        try (Plan plan = flow.plan(() -> planner.plan(caller, request, turn.promptItems()), response, meter)) {
            if (request.stream()) {
                flow.stream(plan, request.model(), null, cacheable, WholeEventsResponse.responses(response), http, response, meter,
                        (candidate, sink) -> turn.stream(candidate.provider(), candidate.model(), sink));
            } else {
                flow.complete(plan, request.model(), cacheable, http, response, meter,
                        candidate -> turn.complete(candidate.provider(), candidate.model()),
                        (served, answer) -> turn.stored(answer, served.provider()));
            }
        }
    }

    @GetMapping("/v1/responses/{id}")
    void retrieve(@PathVariable String id, HttpServletRequest http, HttpServletResponse response, RequestMeter meter) throws IOException {
        Caller caller = authenticate(http, meter);
        json(response, responses.retrieve(caller.tenant().id(), id, http.getQueryString(), providers));
    }

    @DeleteMapping("/v1/responses/{id}")
    void delete(@PathVariable String id, HttpServletRequest http, HttpServletResponse response, RequestMeter meter) throws IOException {
        Caller caller = authenticate(http, meter);
        json(response, responses.delete(caller.tenant().id(), id, providers));
    }

    @GetMapping("/v1/responses/{id}/input_items")
    void inputItems(@PathVariable String id, @RequestParam(required = false) String order,
                    @RequestParam(required = false) String limit, @RequestParam(required = false) String after,
                    HttpServletRequest http, HttpServletResponse response, RequestMeter meter) throws IOException {
        Caller caller = authenticate(http, meter);
        json(response, responses.inputItems(caller.tenant().id(), id, http.getQueryString(), providers, order, limit(limit), after));
    }

    private Caller authenticate(HttpServletRequest http, RequestMeter meter) {
        Caller caller = auth.caller(http.getHeader(HttpHeaders.AUTHORIZATION));
        meter.caller(caller);
        return caller;
    }

    private static Integer limit(String limit) {
        if (limit == null) return null;
        try {
            return Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw GatewayError.invalidRequest("limit: must be an integer between 1 and 100", "limit");
        }
    }

    private static void json(HttpServletResponse response, byte[] body) throws IOException {
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
