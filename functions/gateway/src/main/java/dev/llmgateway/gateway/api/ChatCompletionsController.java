package dev.llmgateway.gateway.api;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.plan.Plan;
import dev.llmgateway.core.plan.Planner;
import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.routing.Candidate;
import dev.llmgateway.core.routing.Failover;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.tenant.Authenticator;
import dev.llmgateway.core.tenant.Caller;
import dev.llmgateway.core.tenant.Tenant;
import dev.llmgateway.core.text.Printable;
import dev.llmgateway.gateway.config.RequestLimits;
import dev.llmgateway.gateway.edge.DisconnectWatch;
import dev.llmgateway.gateway.metrics.RequestMeter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/chat/completions}: authenticate the key to a tenant, read and validate the body,
 * plan (route, budget reservation, downgrade), call the candidates with failover, then settle the
 * real usage. Failures are {@link GatewayError}s rendered by {@link ErrorResponses}; closing the
 * plan gives back whatever budget was not settled. The {@link RequestMeter} is told what happened
 * (tenant, each attempt, first chunk, usage, cost, how a started stream ended) and records it once
 * when the response is complete.
 */
@RestController
class ChatCompletionsController {
    static final String PROVIDER_HEADER = "X-Gateway-Provider";
    static final String DOWNGRADE_HEADER = "X-Gateway-Model-Downgraded";
    static final String BOUNDED_HEADER = "X-Gateway-Max-Tokens-Bounded";
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
    void chatCompletions(HttpServletRequest http, HttpServletResponse response, RequestMeter meter) throws IOException {
        Caller caller = auth.caller(http.getHeader(HttpHeaders.AUTHORIZATION));
        meter.tenant(caller.tenant().id());
        ChatRequest request = ChatRequest.parse(RequestBodies.read(http, limits.maxBodyBytes()));
        meter.requested(request.model());
        try (Plan plan = plan(caller, request, meter)) {
            plan.rateLimitHeaders().asMap().forEach(response::setHeader);
            if (plan.downgrade() != null) {
                response.setHeader(DOWNGRADE_HEADER, plan.downgrade().header());
                meter.downgraded(plan.downgrade().from(), plan.downgrade().to());
            }
            if (plan.boundedMaxTokens() != null) response.setHeader(BOUNDED_HEADER, plan.boundedMaxTokens().toString());
            if (request.stream()) {
                stream(plan.request(), plan, http, response, meter);
            } else {
                complete(plan.request(), plan, http, response, meter);
            }
        }
    }

    private Plan plan(Caller caller, ChatRequest request, RequestMeter meter) {
        try {
            return planner.plan(caller, request);
        } catch (GatewayError e) {
            if (GatewayError.BUDGET_EXCEEDED.equals(e.code())) meter.budgetBlocked();
            throw e;
        }
    }

    private void complete(ChatRequest request, Plan plan, HttpServletRequest http, HttpServletResponse response,
                          RequestMeter meter)
            throws IOException {
        Failover.Served<Completion> served;
        try {
            served = meter.upstream(() -> DisconnectWatch.during(http,
                    () -> failover.complete(plan.routing(), request, attempts(meter, request))));
        } catch (DisconnectWatch.ClientGone e) {
            log.debug("client disconnected while waiting for a {} answer", Printable.escape(request.model()));
            meter.clientDisconnected();
            return;
        }
        Completion completion = served.result();
        meter.settled(served.candidate().provider().name(), served.candidate().model(),
                plan.settle(served.candidate(), completion.usage()));
        response.setHeader(PROVIDER_HEADER, served.candidate().provider().name());
        response.setContentType("application/json");
        response.setContentLength(completion.body().length);
        response.getOutputStream().write(completion.body());
    }

    private void stream(ChatRequest request, Plan plan, HttpServletRequest http, HttpServletResponse response,
                        RequestMeter meter)
            throws IOException {
        SseResponse sse = new SseResponse(response);
        SentChunks sent = new SentChunks(meter.streamingTo(sse));
        Failover.Served<StreamResult> served;
        try {
            served = meter.upstream(() -> DisconnectWatch.during(http,
                    () -> failover.stream(plan.routing(), request, sent, candidate -> {
                        plan.serving(candidate); // from here on, a failure cannot be retried elsewhere
                        response.setHeader(PROVIDER_HEADER, candidate.provider().name());
                    }, attempts(meter, request))));
        } catch (GatewayError e) {
            if (!sse.started()) throw e; // nothing sent yet: answer with the error's own status
            log.warn("stream for model {} failed after the first chunk: {}", Printable.escape(request.model()),
                    Printable.escape(e.getMessage()));
            meter.streamFailed(e);
            settleStreamed(request, plan, sent, meter);
            sse.fail(e, meter.costUsd());
            return;
        } catch (IOException e) {
            // The client went away; the upstream call has been cancelled.
            log.debug("client disconnected from a {} stream", Printable.escape(request.model()));
            meter.clientDisconnected();
            settleStreamed(request, plan, sent, meter);
            return;
        }
        meter.settled(served.candidate().provider().name(), served.candidate().model(),
                plan.settle(served.candidate(), served.result().usage()));
        sse.done(meter.costUsd());
    }

    /** A stream cut short is billed for what reached the client. */
    private static void settleStreamed(ChatRequest request, Plan plan, SentChunks sent, RequestMeter meter) {
        Plan.Charge charge = plan.settleStreamed(request, sent.chunks());
        if (charge == null) return;
        meter.settled(plan.serving().provider().name(), plan.serving().model(), charge);
    }

    /** Passes chunks on to the client and keeps them, to count a stream that ends without usage (parsed only then). */
    private static final class SentChunks implements ChunkSink {
        private final ChunkSink client;
        private final List<byte[]> chunks = new ArrayList<>();

        SentChunks(ChunkSink client) {
            this.client = client;
        }

        @Override
        public void send(byte[] chunk) throws IOException {
            chunks.add(chunk);
            client.send(chunk);
        }

        List<byte[]> chunks() {
            return chunks;
        }
    }

    /** Reports each failover attempt to the meter: the provider serving the model, fallbacks and retries. */
    private static Failover.Listener attempts(RequestMeter meter, ChatRequest request) {
        return new Failover.Listener() {
            @Override
            public void attempting(Candidate candidate, Candidate failed) {
                if (failed != null) {
                    meter.fallback(failed.provider().name(), candidate.provider().name());
                    meter.retry();
                }
                meter.routed(candidate.provider().name(), request.model(), candidate.model());
            }

            @Override
            public void failedOver(Candidate candidate, GatewayError error) {
                meter.providerError(candidate.provider().name(), error);
            }
        };
    }
}
