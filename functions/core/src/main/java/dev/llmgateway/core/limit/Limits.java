package dev.llmgateway.core.limit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.JsonFields;
import java.util.Set;

/**
 * The rate limits of one scope (a key, a tenant, or a tenant's model): requests and tokens per
 * minute and requests in flight at once. Null means no limit on that dimension.
 */
public record Limits(Long requestsPerMinute, Long tokensPerMinute, Long maxConcurrentRequests) {
    public static final Limits NONE = new Limits(null, null, null);
    /** Far above any real limit, and small enough that a counter plus an estimate cannot overflow. */
    static final long MAX = 1_000_000_000_000L;
    private static final Set<String> FIELDS = Set.of("requests_per_minute", "tokens_per_minute", "max_concurrent_requests");
    private static final JsonFields BODY = new JsonFields("invalid_limits");

    public boolean none() {
        return requestsPerMinute == null && tokensPerMinute == null && maxConcurrentRequests == null;
    }

    /** Validates and reads limits; {@code param} is where they sit in the body (for the 400's {@code param}). */
    public static Limits parse(JsonNode node, String param) {
        if (node == null || node.isNull()) return null;
        if (!node.isObject()) throw bad("Invalid '" + param + "': an object with " + fieldList() + ".", param);
        BODY.onlyKnown(node, FIELDS, param + ".");
        Limits limits = new Limits(count(node, param, "requests_per_minute"), count(node, param, "tokens_per_minute"),
                count(node, param, "max_concurrent_requests"));
        return limits.none() ? null : limits;
    }

    private static Long count(JsonNode node, String param, String field) {
        return BODY.wholeNumber(node, field, param + "." + field, 0, MAX, field.replace('_', ' '));
    }

    private static String fieldList() {
        return String.join(", ", FIELDS.stream().sorted().toList());
    }

    private static GatewayError bad(String message, String param) {
        return BODY.bad(message, param);
    }
}
