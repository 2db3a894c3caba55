package dev.llmgateway.core.audit;

import dev.llmgateway.core.api.GatewayError;
import java.time.Instant;

/**
 * A search of the audit log; null fields match anything. {@code cursor} is the opaque {@code next}
 * of the previous page.
 */
public record AuditQuery(String tenant, Instant from, Instant to, Integer status, String model, String requestId,
                         String kind, int limit, String cursor) {
    public static final int MAX_LIMIT = 1000;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw GatewayError.invalidRequest("'limit' must be between 1 and " + MAX_LIMIT + ".", "limit", "invalid_query");
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw GatewayError.invalidRequest("'from' is after 'to'.", "from", "invalid_query");
        }
    }

    public boolean matches(AuditItem item) {
        if (item.checkpoint()) return false;
        if (tenant != null && !tenant.equals(item.tenant())) return false;
        if (kind != null && !kind.equals(item.kind())) return false;
        if (status != null && !status.equals(item.status())) return false;
        if (model != null && !model.equals(item.model())) return false;
        if (requestId != null && !requestId.equals(item.requestId())) return false;
        return (from == null || item.time().compareTo(Records.time(from)) >= 0)
                && (to == null || item.time().compareTo(Records.time(to)) < 0);
    }
}
