package dev.llmgateway.core.routing;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The format of {@code prices.json}: {@code {"prices":[row, ...]}}, one row per provider and model,
 * USD per 1M tokens:
 * <pre>{"provider":"anthropic","model":"claude-sonnet-4-5","input":3,"output":15,"cache_read":0.3,
 *  "cache_write_5m":3.75,"cache_write_1h":6,
 *  "long_context":{"above_input_tokens":200000,"input":6,"output":22.5,...},
 *  "batch":{"input":1.5,"output":7.5},"source":"https://...","as_of":"2025-10-01"}</pre>
 * Unset cache and audio rates default as {@link Price} says. {@code batch} and {@code flex} are the
 * providers' discounted tiers, kept for reference and checked like the rest. Every row must cite its
 * {@code source} and {@code as_of} date. A malformed row fails loudly: a wrong price is worse than none.
 */
public final class PriceCatalogue {
    private static final Set<String> ROW = Set.of("provider", "model", "input", "output", "cache_read", "cache_write_5m",
            "cache_write_1h", "audio_input", "long_context", "batch", "flex", "source", "as_of");
    private static final Set<String> RATES = Set.of("above_input_tokens", "input", "output", "cache_read", "cache_write_5m",
            "cache_write_1h", "audio_input");

    private PriceCatalogue() {}

    /** The rows keyed {@code provider/model}. */
    public static Map<String, Price> read(JsonNode root) {
        Map<String, Price> prices = new LinkedHashMap<>();
        for (JsonNode row : root.path("prices")) {
            String where = "prices.json row " + row.path("provider").asText() + "/" + row.path("model").asText();
            known(row, ROW, where);
            for (String field : new String[] {"provider", "model", "source", "as_of"}) {
                if (!row.path(field).isTextual() || row.path(field).asText().isBlank()) throw new IllegalArgumentException(where + ": '" + field + "' is required");
            }
            Price price = rates(row, where, null);
            if (row.has("long_context")) {
                JsonNode lc = row.get("long_context");
                known(lc, RATES, where + " long_context");
                long above = lc.path("above_input_tokens").asLong(-1);
                if (above <= 0) throw new IllegalArgumentException(where + ": long_context.above_input_tokens must be positive");
                price = new Price(price.input(), price.output(), price.cacheRead(), price.cacheWrite5m(), price.cacheWrite1h(),
                        price.audioInput(), new Price.LongContext(above, rates(lc, where + " long_context", null)), false);
            }
            for (String tier : new String[] {"batch", "flex"}) {
                if (row.has(tier)) {
                    known(row.get(tier), RATES, where + " " + tier);
                    rates(row.get(tier), where + " " + tier, null);
                }
            }
            if (prices.put(row.get("provider").asText() + "/" + row.get("model").asText(), price) != null) {
                throw new IllegalArgumentException(where + ": listed twice");
            }
        }
        return prices;
    }

    private static Price rates(JsonNode node, String where, Price.LongContext longContext) {
        return new Price(usd(node, "input", where, true), usd(node, "output", where, true), usd(node, "cache_read", where, false),
                usd(node, "cache_write_5m", where, false), usd(node, "cache_write_1h", where, false),
                usd(node, "audio_input", where, false), longContext, false);
    }

    private static BigDecimal usd(JsonNode node, String field, String where, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) throw new IllegalArgumentException(where + ": '" + field + "' is required");
            return null;
        }
        if (!v.isNumber() || v.decimalValue().signum() < 0) throw new IllegalArgumentException(where + ": '" + field + "' must be a number, 0 or more");
        return new BigDecimal(v.asText());
    }

    private static void known(JsonNode node, Set<String> fields, String where) {
        if (!node.isObject()) throw new IllegalArgumentException(where + ": must be an object");
        node.fieldNames().forEachRemaining(name -> {
            if (!fields.contains(name)) throw new IllegalArgumentException(where + ": unknown field '" + name + "'");
        });
    }
}
