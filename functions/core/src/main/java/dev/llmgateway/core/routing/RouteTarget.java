package dev.llmgateway.core.routing;

/**
 * One upstream a route may send a request to: a provider, its model name there, a weight (for the
 * weighted strategy) and optionally a price overriding the {@link PriceTable}.
 */
public record RouteTarget(String provider, String model, int weight, Price price) {
    /** The target's identity for health and latency statistics. */
    public TargetKey key() {
        return new TargetKey(provider, model);
    }
}
