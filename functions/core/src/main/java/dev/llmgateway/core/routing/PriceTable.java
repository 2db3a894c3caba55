package dev.llmgateway.core.routing;

import java.util.Comparator;
import java.util.Map;

/**
 * List prices of well-known models (USD per 1M tokens: input, output, cached input), matched by the
 * longest model-name prefix so dated snapshots ({@code gpt-4o-2024-08-06}) find their family. A
 * route target may override its price; a model without a known price costs 0 and is ranked last
 * by the cost-aware strategy. The table is a default, not a source of truth: check the providers'
 * price pages and override per route where it matters.
 */
public final class PriceTable {
    private static final Map<String, Price> DEFAULTS = Map.ofEntries(
            Map.entry("gpt-4o-mini", Price.of("0.15", "0.60", "0.075")),
            Map.entry("gpt-4o", Price.of("2.50", "10.00", "1.25")),
            Map.entry("gpt-4.1-nano", Price.of("0.10", "0.40", "0.025")),
            Map.entry("gpt-4.1-mini", Price.of("0.40", "1.60", "0.10")),
            Map.entry("gpt-4.1", Price.of("2.00", "8.00", "0.50")),
            Map.entry("o3", Price.of("2.00", "8.00", "0.50")),
            Map.entry("o4-mini", Price.of("1.10", "4.40", "0.275")),
            Map.entry("claude-opus-4", Price.of("15.00", "75.00", "1.50")),
            Map.entry("claude-sonnet-4", Price.of("3.00", "15.00", "0.30")),
            Map.entry("claude-haiku-4-5", Price.of("1.00", "5.00", "0.10")),
            Map.entry("claude-3-5-haiku", Price.of("0.80", "4.00", "0.08")),
            Map.entry("gemini-2.5-pro", Price.of("1.25", "10.00", "0.31")),
            Map.entry("gemini-2.5-flash-lite", Price.of("0.10", "0.40", "0.025")),
            Map.entry("gemini-2.5-flash", Price.of("0.30", "2.50", "0.075")));

    private final Map<String, Price> prices;

    public PriceTable(Map<String, Price> prices) {
        this.prices = Map.copyOf(prices);
    }

    public static PriceTable defaults() {
        return new PriceTable(DEFAULTS);
    }

    /** The price of an upstream model, or null when unknown. Local models (Ollama) are free. */
    public Price lookup(String provider, String model) {
        if ("ollama".equals(provider)) return Price.of("0", "0", "0");
        String name = model.contains(".") && model.startsWith("anthropic.") ? model.substring("anthropic.".length()) : model;
        return prices.entrySet().stream()
                .filter(e -> name.startsWith(e.getKey()))
                .max(Comparator.comparingInt(e -> e.getKey().length()))
                .map(Map.Entry::getValue)
                .orElse(null);
    }
}
