package dev.llmgateway.core.routing;

/**
 * One upstream a route may send a request to: a provider, its model name there, a weight (for the
 * weighted strategy) and optionally a price overriding the {@link PriceTable}.
 */
public record RouteTarget(String provider, String model, int weight, Price price) implements Selection.Option {
    /** The target's identity for health and latency statistics. */
    @Override
    public TargetKey key() {
        return new TargetKey(provider, model);
    }

    /** The route's own price for this target, else the table's (null when neither knows one). */
    public Price priceIn(PriceTable prices) {
        return price != null ? price : prices.lookup(provider, model);
    }
}
