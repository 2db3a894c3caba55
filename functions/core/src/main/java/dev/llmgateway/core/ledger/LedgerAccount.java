package dev.llmgateway.core.ledger;

import dev.llmgateway.core.json.Json;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one request's settlement goes in the ledger: its tenant, key (hash; null: none) and the UTC
 * day it was planned on (the day its budget reservation counts against, so the ledger and the daily
 * budget counters agree).
 */
public record LedgerAccount(UsageLedger ledger, String tenant, String key, LocalDate day) {
    private static final Logger log = LoggerFactory.getLogger(LedgerAccount.class);

    /** Records nothing (plans made without a ledger). */
    public static final LedgerAccount NONE = new LedgerAccount(null, null, null, null);

    /**
     * Adds one settled request. It is written before the response ends (settlement precedes the
     * last bytes), so it is durable before the invocation can freeze. The answer was already paid
     * for upstream, so a store that cannot be written does not fail the request: the line is
     * logged as JSON (every value escaped) for reconciliation instead.
     */
    public void record(String provider, String model, LedgerCounts counts) {
        if (ledger == null) return;
        LedgerLine line = new LedgerLine(tenant, day, key, provider, model, counts);
        try {
            ledger.add(line);
        } catch (RuntimeException e) {
            Map<String, Object> lost = new LinkedHashMap<>();
            lost.put("tenant", tenant);
            lost.put("day", day.toString());
            lost.put("key", key);
            lost.put("provider", provider);
            lost.put("model", model);
            lost.putAll(counts.fields());
            log.error("usage ledger write failed ({}); line not recorded: {}", e.getClass().getSimpleName(), Json.string(lost));
        }
    }
}
