package dev.llmgateway.core.routing;

/**
 * Names one upstream target: a provider and the model there. Routes list targets by it, candidates
 * carry it, and health and latency statistics are kept per key. Printed as {@code provider/model}.
 */
public record TargetKey(String provider, String model) {
    @Override
    public String toString() {
        return provider + "/" + model;
    }
}
