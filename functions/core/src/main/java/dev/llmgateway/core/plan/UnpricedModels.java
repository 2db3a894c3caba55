package dev.llmgateway.core.plan;

import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.routing.Candidate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each served model without a known price once per process, so an operator sees what to add
 * to the price catalogue or a route. The name may come from the client, so it is logged as a JSON
 * string (control characters escaped), and at most {@link #MAX} names are remembered.
 */
final class UnpricedModels {
    static final int MAX = 1000;
    private static final Logger log = LoggerFactory.getLogger(UnpricedModels.class);
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    private UnpricedModels() {}

    static void seen(Candidate served) {
        String key = served.key().toString();
        if (SEEN.size() >= MAX || !SEEN.add(key)) return;
        log.warn("model {} has no known price: {}; add it to the price catalogue or give the route target a price",
                Json.MAPPER.valueToTree(key), served.price() == null
                        ? "its cost is recorded as 0 (tenants with a USD cap cannot use it)" : "charged at the assumed default price");
    }
}
