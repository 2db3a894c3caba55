package dev.llmgateway.core.routing;

import dev.llmgateway.core.spi.Provider;

/** A target ready to call: the enabled provider, its upstream model name, and the price used for budgets (null if unknown). */
public record Candidate(Provider provider, String model, Price price, int weight) implements Selection.Option {
    /** The identity used for health and latency statistics, the same as that of the {@link RouteTarget} it came from. */
    @Override
    public TargetKey key() {
        return new TargetKey(provider.name(), model);
    }
}
