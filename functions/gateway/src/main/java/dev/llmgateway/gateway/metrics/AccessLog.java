package dev.llmgateway.gateway.metrics;

import dev.llmgateway.core.text.Printable;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One line per API request, when its response is complete: who (tenant, key id), what (API,
 * models, provider, failover path), how it went (status, latency, time to first token, token
 * buckets, exact cost, cache outcome). Never content, never a key: the key id is the key's hash.
 * Each field is also a key-value pair, so the JSON log (ECS) has it as a field of its own.
 * Client-chosen values (models, ids) are escaped and quoted when needed, so no value can start a
 * line or pose as another field.
 */
public final class AccessLog implements RequestSink {
    public static final String LOGGER = "dev.llmgateway.access";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    @Override
    public void completed(CompletedRequest r) {
        if (!log.isInfoEnabled()) return;
        Line line = new Line(log.atInfo());
        // The id is in the MDC already (a JSON field of its own): a second pair of that name would break the ECS line.
        line.text("request_id", r.requestId());
        line.put("api", r.api());
        line.put("tenant", r.tenantId());
        line.put("key_id", r.keyId());
        line.put("model", r.requestedModel());
        line.put("served_model", r.servedModel());
        line.put("provider", r.routed() ? r.provider() : null);
        line.put("status", r.status());
        line.put("stream", r.stream());
        if (r.errorCode() != null) line.put("error_code", r.errorCode());
        line.put("latency_ms", millis(r.latency()));
        if (r.timeToFirstToken() != null) line.put("ttft_ms", millis(r.timeToFirstToken()));
        if (r.usage() != null) {
            line.put("input_tokens", r.usage().promptTokens());
            line.put("output_tokens", r.usage().completionTokens());
            r.usage().breakdown().forEach((bucket, count) -> {
                if (count > 0) line.put(bucket + "_tokens", count);
            });
            if (r.usage().estimated()) line.put("usage_estimated", true);
        }
        line.put("cost_usd", RequestMeter.usd(r.costMicros()));
        if (!r.attempts().isEmpty()) line.put("failover", failoverPath(r));
        if (r.cache() != null) line.put("cache", r.cache().result());
        if (!r.guardrails().isEmpty()) line.put("guardrails", r.guardrails().size());
        line.log();
    }

    /** {@code openai:gpt-4o!upstream_error>anthropic:claude-sonnet-4-5}: each attempt, and how the failed ones failed. */
    static String failoverPath(CompletedRequest r) {
        StringBuilder path = new StringBuilder();
        for (CompletedRequest.Attempt a : r.attempts()) {
            if (!path.isEmpty()) path.append('>');
            path.append(a.provider()).append(':').append(a.model());
            if (a.failed()) path.append('!').append(a.errorCode());
        }
        return path.toString();
    }

    private static String millis(java.time.Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1_000_000.0);
    }

    /** The text line and the key-value pairs, built together so they always agree. */
    private static final class Line {
        private final LoggingEventBuilder event;
        private final StringBuilder text = new StringBuilder("request");

        Line(LoggingEventBuilder event) {
            this.event = event;
        }

        void put(String key, Object value) {
            if (value == null) return;
            event.addKeyValue(key, value instanceof String ? Printable.escape(value) : value);
            text(key, value);
        }

        /** In the text only. */
        void text(String key, Object value) {
            if (value != null) text.append(' ').append(key).append('=').append(quoted(Printable.escape(value)));
        }

        void log() {
            event.log(text.toString());
        }

        /** Quoted when it could be read as more than one field. */
        private static String quoted(String value) {
            if (!value.isEmpty() && value.chars().noneMatch(c -> c == ' ' || c == '"' || c == '=')) return value;
            return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
    }
}
