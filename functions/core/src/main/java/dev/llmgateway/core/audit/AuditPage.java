package dev.llmgateway.core.audit;

import java.util.List;

/** One page of query results; {@code next} is null on the last page. */
public record AuditPage(List<AuditItem> items, String next) {
    public AuditPage {
        items = List.copyOf(items);
    }
}
