package dev.llmgateway.gateway.api;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.cache.ResponseCache;
import dev.llmgateway.core.plan.Plan;
import dev.llmgateway.core.routing.Candidate;
import dev.llmgateway.core.routing.Failover;
import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.text.Printable;
import dev.llmgateway.gateway.edge.DisconnectWatch;
import dev.llmgateway.gateway.metrics.RequestMeter;
import dev.llmgateway.gateway.metrics.RequestMeteringFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What every inference API (chat completions, Messages, Responses, embeddings) does around its own wire format: plan
 * (key policy, rate limits, budget, downgrade), call the candidates with failover, meter each attempt, and settle the
 * real usage, buffered or streamed. The controllers only parse their request and pick the call.
 */
@Component
final class RequestFlow {
    static final String PROVIDER_HEADER = RequestMeteringFilter.PROVIDER_HEADER;
    static final String DOWNGRADE_HEADER = "X-Gateway-Model-Downgraded";
    static final String BOUNDED_HEADER = "X-Gateway-Max-Tokens-Bounded";
    private static final Logger log = LoggerFactory.getLogger(RequestFlow.class);

    private final Failover failover;
    private final CacheStep cache;

    RequestFlow(Failover failover, CacheStep cache) {
        this.failover = failover;
        this.cache = cache;
    }

    /** Plans the request, counting a budget or rate-limit refusal, giving the rate-limit headers and announcing a downgrade. */
    Plan plan(Supplier<Plan> planner, HttpServletResponse response, RequestMeter meter) {
        Plan plan;
        try {
            plan = planner.get();
        } catch (GatewayError e) {
            if (GatewayError.BUDGET_EXCEEDED.equals(e.code())) meter.budgetBlocked();
            if (e.limited() != null) meter.rateLimited(e.limited().scope(), e.limited().limit());
            throw e;
        }
        plan.rateLimitHeaders().asMap().forEach(response::setHeader);
        if (plan.downgrade() != null) {
            response.setHeader(DOWNGRADE_HEADER, plan.downgrade().header());
            meter.downgraded(plan.downgrade().from(), plan.downgrade().to());
        }
        if (plan.boundedMaxTokens() != null) response.setHeader(BOUNDED_HEADER, plan.boundedMaxTokens().toString());
        return plan;
    }

    /**
     * A buffered answer through the response cache when {@code cacheable} is given (docs/cache.md):
     * a hit is served without calling upstream; a miss's answer is stored after it was written. The
     * client gets the answer after {@code screening} (the guardrails outbound); the cache keeps it as
     * it came.
     */
    void complete(Plan plan, String model, Cacheable cacheable, Screening screening, HttpServletRequest http,
                  HttpServletResponse response, RequestMeter meter, Function<Candidate, Completion> call) throws IOException {
        complete(plan, model, cacheable, screening, http, response, meter, call, (served, completion) -> { });
    }

    /** Through the cache when {@code cacheable} is given, with {@code settled} run on an upstream answer only (a hit settles nothing). */
    void complete(Plan plan, String model, Cacheable cacheable, Screening screening, HttpServletRequest http,
                  HttpServletResponse response, RequestMeter meter, Function<Candidate, Completion> call,
                  BiConsumer<Candidate, Completion> settled) throws IOException {
        ResponseCache.Lookup lookup = cache.lookup(plan, cacheable, http, response, meter);
        if (lookup instanceof ResponseCache.Lookup.Hit hit) {
            cache.serve(hit, plan, model, screening, response, meter);
            return;
        }
        try {
            completeUpstream(plan, model, lookup, cacheable, screening, http, response, meter, call, settled);
        } finally {
            if (lookup instanceof ResponseCache.Lookup.Miss miss) miss.close(); // identical requests waiting on it go on
        }
    }

    private void completeUpstream(Plan plan, String model, ResponseCache.Lookup lookup, Cacheable cacheable, Screening screening,
                                  HttpServletRequest http, HttpServletResponse response, RequestMeter meter, Function<Candidate, Completion> call,
                                  BiConsumer<Candidate, Completion> settled) throws IOException {
        Failover.Served<Completion> served;
        try {
            served = meter.upstream(() -> DisconnectWatch.during(http,
                    () -> failover.complete(plan.routing(), attempts(meter, model), call)));
        } catch (DisconnectWatch.ClientGone e) {
            log.debug("client disconnected while waiting for a {} answer", Printable.escape(model));
            meter.clientDisconnected();
            return;
        }
        Completion completion = served.result();
        meter.response(completion.responseId(), completion.finishReasons());
        Plan.Charge charge = plan.settle(served.candidate(), completion.usage());
        meter.settled(served.candidate().provider().name(), served.candidate().model(), charge);
        settled.accept(served.candidate(), completion);
        response.setHeader(PROVIDER_HEADER, served.candidate().provider().name());
        byte[] body = screening.answer(completion.body());
        screening.header(response);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        cache.store(lookup, cacheable, served.candidate(), charge, completion.body(), meter);
    }

    /**
     * A streamed answer. Before the first event a failure is an ordinary error response; after it,
     * an error event in the stream; a vanished client ends it (the provider cancelled upstream).
     * A stream cut short is billed for what reached the client when {@code countAs} (the chat request
     * whose OpenAI chunks are sent) is given; otherwise its estimate is charged when the plan closes.
     */
    void stream(Plan plan, String model, ChatRequest countAs, EventStream events, HttpServletRequest http,
                HttpServletResponse response, RequestMeter meter, Failover.StreamCall<StreamResult> call) throws IOException {
        stream(plan, model, countAs, null, events, http, response, meter, call);
    }

    /**
     * As above, through the response cache when {@code cacheable} is given: a hit is replayed as
     * the stream it was; a miss's events, as the client received them, are stored once it completed.
     */
    void stream(Plan plan, String model, ChatRequest countAs, Cacheable cacheable, EventStream events, HttpServletRequest http,
                HttpServletResponse response, RequestMeter meter, Failover.StreamCall<StreamResult> call) throws IOException {
        ResponseCache.Lookup lookup = cache.lookup(plan, cacheable, http, response, meter);
        if (lookup instanceof ResponseCache.Lookup.Hit hit) {
            cache.replay(hit, plan, model, events, response, meter);
            return;
        }
        if (!(lookup instanceof ResponseCache.Lookup.Miss miss)) {
            streamUpstream(plan, model, countAs, lookup, cacheable, events, null, http, response, meter, call);
            return;
        }
        try {
            // Recorded nearest the client, so what is stored is what the client received.
            CacheStep.Recorder recorder = new CacheStep.Recorder(events);
            streamUpstream(plan, model, countAs, lookup, cacheable, recorder, recorder, http, response, meter, call);
        } finally {
            miss.close(); // identical requests waiting on it go on
        }
    }

    private void streamUpstream(Plan plan, String model, ChatRequest countAs, ResponseCache.Lookup lookup, Cacheable cacheable,
                                EventStream events, CacheStep.Recorder recorder, HttpServletRequest http, HttpServletResponse response,
                                RequestMeter meter, Failover.StreamCall<StreamResult> call) throws IOException {
        SentChunks sent = new SentChunks(meter.streamingTo(events), countAs != null);
        Failover.Served<StreamResult> served;
        try {
            served = meter.upstream(() -> DisconnectWatch.during(http,
                    () -> failover.stream(plan.routing(), sent, candidate -> {
                        plan.serving(candidate); // from here on, a failure cannot be retried elsewhere
                        response.setHeader(PROVIDER_HEADER, candidate.provider().name());
                    }, attempts(meter, model), call)));
        } catch (GatewayError e) {
            if (!events.started()) throw e; // nothing sent yet: answer with the error's own status
            log.warn("stream for model {} failed after the first chunk: {}", Printable.escape(model),
                    Printable.escape(e.getMessage()));
            meter.streamFailed(e);
            settleStreamed(countAs, plan, sent, meter);
            events.fail(e, meter.costUsd());
            return;
        } catch (IOException e) {
            // The client went away; the upstream call has been cancelled.
            log.debug("client disconnected from a {} stream", Printable.escape(model));
            meter.clientDisconnected();
            settleStreamed(countAs, plan, sent, meter);
            return;
        }
        StreamResult result = served.result();
        meter.response(result.responseId(), result.finishReason() == null ? List.of() : List.of(result.finishReason()));
        Plan.Charge charge = plan.settle(served.candidate(), result.usage());
        meter.settled(served.candidate().provider().name(), served.candidate().model(), charge);
        events.done(meter.costUsd());
        cache.store(lookup, cacheable, served.candidate(), charge, recorder, meter);
    }

    /** A stream cut short is billed for what reached the client. */
    private static void settleStreamed(ChatRequest countAs, Plan plan, SentChunks sent, RequestMeter meter) {
        if (countAs == null) return;
        Plan.Charge charge = plan.settleStreamed(countAs, sent.chunks());
        if (charge == null) return;
        meter.settled(plan.serving().provider().name(), plan.serving().model(), charge);
    }

    /** Passes chunks on to the client and (when asked) keeps them, to count a stream that ends without usage (parsed only then). */
    private static final class SentChunks implements ChunkSink {
        private final ChunkSink client;
        private final List<byte[]> chunks;

        SentChunks(ChunkSink client, boolean keep) {
            this.client = client;
            this.chunks = keep ? new ArrayList<>() : null;
        }

        @Override
        public void send(byte[] chunk) throws IOException {
            if (chunks != null) chunks.add(chunk);
            client.send(chunk);
        }

        List<byte[]> chunks() {
            return chunks;
        }
    }

    /** Reports each failover attempt to the meter: the provider serving the model, the failover path, fallbacks and retries. */
    private static Failover.Listener attempts(RequestMeter meter, String model) {
        return new Failover.Listener() {
            @Override
            public void attempting(Candidate candidate, Candidate failed) {
                if (failed != null) {
                    meter.fallback(failed.provider().name(), candidate.provider().name());
                    meter.retry();
                }
                meter.routed(candidate.provider().name(), model, candidate.model());
                meter.attempting(candidate.provider().name(), candidate.model());
            }

            @Override
            public void failedOver(Candidate candidate, GatewayError error) {
                meter.providerError(candidate.provider().name(), error);
            }

            @Override
            public void breakerOpened(Candidate candidate) {
                meter.breakerOpened(candidate.provider().name(), candidate.model());
            }
        };
    }
}
