package dev.llmgateway.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.ChatChunk;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.cache.CacheCodec;
import dev.llmgateway.core.cache.CacheEntry;
import dev.llmgateway.core.cache.CacheRequest;
import dev.llmgateway.core.cache.ClientControl;
import dev.llmgateway.core.cache.ResponseCache;
import dev.llmgateway.core.cache.ResponseCache.Lookup;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.plan.Plan;
import dev.llmgateway.core.routing.Candidate;
import dev.llmgateway.core.routing.Route;
import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.gateway.metrics.RequestMeter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The response cache on the request path (docs/cache.md), used by {@link RequestFlow} after the
 * plan and before any upstream call: the lookup and its {@value #HEADER} header, a hit served
 * buffered or replayed as the stream it was (chunk for chunk, the usage chunk only when asked),
 * and a miss's answer stored once it reached the client whole.
 */
@Component
final class CacheStep {
    static final String HEADER = "X-Gateway-Cache";
    /** The provider label of a request served from the cache (its metrics are not a provider's latency). */
    static final String CACHE_PROVIDER = "cache";
    /** Recording a stream stops past this: no entry that large could be stored, even compressed. */
    private static final long MAX_RECORDED_BYTES = 16L * CacheCodec.MAX_ENCODED_BYTES;

    private final ResponseCache cache;
    private final Clock clock;

    CacheStep(ResponseCache cache, Clock clock) {
        this.cache = cache;
        this.clock = clock;
    }

    /** Decides for {@code cacheable} (null: never cached), marks the response and tells the meter. */
    Lookup lookup(Plan plan, Cacheable cacheable, HttpServletRequest http, HttpServletResponse response, RequestMeter meter) {
        if (cacheable == null) return Lookup.OFF;
        Route route = plan.routing().route();
        if (!cache.effective(cacheable.tenant().cache(), route == null ? null : route.cache()).on()) return Lookup.OFF;
        ClientControl control = ClientControl.of(http.getHeader("Cache-Control"), http.getHeader(ClientControl.HEADER));
        CacheRequest request = cacheable.request().get();
        List<String> targets = route != null
                ? route.targets().stream().map(t -> t.provider() + "/" + t.model()).toList()
                : plan.routing().candidates().stream().map(c -> c.key().toString()).toList();
        Lookup lookup = cache.lookup(cacheable.tenant().id(), cacheable.tenant().cache(), route == null ? null : route.cache(), targets,
                request, control, plan.boundedMaxTokens() != null);
        String result = switch (lookup) {
            case Lookup.Off off -> null;
            case Lookup.Bypass bypass -> "bypass";
            case Lookup.Hit hit -> "hit";
            case Lookup.Miss miss -> "miss";
        };
        if (result != null) {
            response.setHeader(HEADER, result);
            meter.cache(result);
        }
        return lookup;
    }

    /** A buffered hit: the stored body (through the request's guardrails), charged the configured fraction of what it first cost. */
    void serve(Lookup.Hit hit, Plan plan, String model, Screening screening, HttpServletResponse response, RequestMeter meter)
            throws IOException {
        CacheEntry entry = hit.entry();
        settle(hit, plan, model, meter);
        response.setHeader(RequestFlow.PROVIDER_HEADER, entry.provider());
        byte[] body = screening.answer(entry.body()); // stored with placeholders: restored with this request's values
        screening.header(response);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /**
     * A streamed hit: each stored event sent and flushed as the original was, then the API's end
     * (OpenAI's receipt and {@code [DONE]}). A chat stream's usage chunk goes last, only to a client
     * that asked with {@code stream_options.include_usage}; if the stored stream had none, one is
     * built from the stored usage with the stream's id.
     */
    void replay(Lookup.Hit hit, Plan plan, String model, EventStream events, HttpServletResponse response,
                RequestMeter meter) throws IOException {
        CacheEntry entry = hit.entry();
        settle(hit, plan, model, meter);
        response.setHeader(RequestFlow.PROVIDER_HEADER, entry.provider());
        ChunkSink out = meter.streamingTo(events);
        try {
            for (byte[] chunk : entry.chunks()) out.send(chunk);
            if (hit.request().includeUsage()) {
                out.send(entry.usageChunk() != null ? entry.usageChunk() : usageChunk(entry));
            }
            events.done(meter.costUsd());
        } catch (IOException e) {
            meter.clientDisconnected(); // charged already: the fraction of a hit does not depend on how much was read
        }
    }

    private void settle(Lookup.Hit hit, Plan plan, String model, RequestMeter meter) {
        CacheEntry entry = hit.entry();
        long tokens = share(entry.tokens(), hit.costFraction());
        long micros = share(entry.costMicros(), hit.costFraction());
        Candidate candidate = plan.routing().candidates().stream()
                .filter(c -> c.provider().name().equals(entry.provider()) && c.model().equals(entry.model()))
                .findFirst().orElse(plan.routing().candidates().getFirst());
        meter.routed(CACHE_PROVIDER, model, entry.model());
        meter.settled(CACHE_PROVIDER, entry.model(), plan.settleCached(candidate, tokens, micros));
        meter.cacheSaved(entry.tokens() - tokens, entry.costMicros() - micros);
    }

    private static long share(long whole, BigDecimal fraction) {
        if (fraction == null || fraction.signum() == 0) return 0;
        return BigDecimal.valueOf(whole).multiply(fraction).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** OpenAI's usage chunk for a stored chat stream that had none: the stream's own id, created and model. */
    private static byte[] usageChunk(CacheEntry entry) {
        JsonNode last = Json.tree(new String(entry.chunks().getLast(), java.nio.charset.StandardCharsets.UTF_8));
        return Json.bytes(new ChatChunk(last.path("id").asText(null), last.path("created").asLong(), last.path("model").asText(null),
                List.of(), entry.usage() == null ? Usage.of(0, 0) : entry.usage()));
    }

    /** Stores a buffered miss's answer as its client received it; an answer with untrusted usage is not kept. */
    void store(Lookup lookup, Cacheable cacheable, Candidate served, Plan.Charge charge, byte[] body, RequestMeter meter) {
        if (!(lookup instanceof Lookup.Miss miss) || charge.problem() != null) return;
        stored(miss, new CacheEntry(cacheable.tenant().id(), served.provider().name(), served.model(), charge.usage(), charge.tokens(),
                charge.usdMicros(), body, List.of(), null, clock.instant()), meter);
    }

    /** Stores a complete stream's events; a chat stream's usage chunk is kept apart (see {@link #replay}). */
    void store(Lookup lookup, Cacheable cacheable, Candidate served, Plan.Charge charge, Recorder recorded, RequestMeter meter) {
        if (!(lookup instanceof Lookup.Miss miss) || charge.problem() != null || recorded == null) return;
        if (recorded.overflow) {
            meter.cacheTooLarge();
            return;
        }
        List<byte[]> chunks = recorded.chunks;
        byte[] usageChunk = null;
        if (miss.request().api() == CacheRequest.Api.CHAT && !chunks.isEmpty()) {
            JsonNode last = Json.tree(new String(chunks.getLast(), java.nio.charset.StandardCharsets.UTF_8));
            if (last.path("choices").isArray() && last.path("choices").isEmpty() && last.path("usage").isObject()) {
                usageChunk = chunks.getLast();
                chunks = chunks.subList(0, chunks.size() - 1);
            }
        }
        if (chunks.isEmpty()) return;
        stored(miss, new CacheEntry(cacheable.tenant().id(), served.provider().name(), served.model(), charge.usage(), charge.tokens(),
                charge.usdMicros(), null, chunks, usageChunk, clock.instant()), meter);
    }

    private void stored(Lookup.Miss miss, CacheEntry entry, RequestMeter meter) {
        if (cache.store(miss, entry) == ResponseCache.Stored.TOO_LARGE) meter.cacheTooLarge();
    }

    /** The client's event stream, keeping a copy of each event of a miss to store when the stream completes. */
    static final class Recorder implements EventStream {
        private final EventStream client;
        private final List<byte[]> chunks = new ArrayList<>();
        private long bytes;
        private boolean overflow;

        Recorder(EventStream client) {
            this.client = client;
        }

        @Override
        public void send(byte[] chunk) throws IOException {
            client.send(chunk);
            if (overflow) return;
            bytes += chunk.length;
            if (bytes > MAX_RECORDED_BYTES) {
                overflow = true;
                chunks.clear();
            } else {
                chunks.add(chunk);
            }
        }

        @Override
        public boolean started() {
            return client.started();
        }

        @Override
        public void fail(GatewayError error, String costUsd) throws IOException {
            client.fail(error, costUsd);
        }

        @Override
        public void done(String costUsd) throws IOException {
            client.done(costUsd);
        }
    }
}
