package dev.llmgateway.admin.console;

import java.util.List;

/**
 * Where the console's live numbers come from: locally the running gateway's meter registry and
 * target health ({@link RegistryTraffic}), deployed CloudWatch over the EMF metrics every gateway
 * environment writes ({@link CloudWatchTraffic}), chosen by mode in {@link ConsoleConfiguration}.
 */
public interface TrafficSource {
    /** Requests, errors, latency and tokens over the last minute or so. */
    Traffic traffic();

    /** Each provider target: breaker, latency, error rate, last error (as far as the source knows them). */
    List<ProviderStatus> providers();

    /**
     * How often each route target's breaker opened across the fleet lately, for a source that cannot
     * see the breakers themselves; null when the source shows the breakers ({@link ProviderStatus#breaker}).
     */
    default List<BreakerOpenings> breakerOpenings() {
        return null;
    }

    /** {@code target} is {@code provider/model}; {@code minutes} the span counted. */
    record BreakerOpenings(String target, long openings, int minutes) {}

    /** One line for the page: what the numbers are read from. */
    String description();

    /**
     * The overview numbers; a latency is null when nothing was measured in the window. The cache's
     * hits and the upstream cost they did not incur are over the source's own span ({@link #cacheSpan}).
     */
    record Traffic(double requestsPerSecond, double errorRate, Double p50Millis, Double p95Millis, double tokensPerMinute,
                   long requests, List<ModelTraffic> models, long cacheHits, double cacheSavedUsd) {}

    /** What the cache numbers cover, for the page: "since the gateway started", "the last 10 minutes". */
    default String cacheSpan() {
        return "since the gateway started";
    }

    /** One provider and model's share of {@link Traffic}. */
    record ModelTraffic(String provider, String model, long requests, double requestsPerSecond, double errorRate, Double p95Millis) {}

    /**
     * {@code breaker} is closed, open, or "per environment" where the source cannot know it; {@code model}
     * is null on a provider's own row (all its models); numbers are null where the source has none.
     */
    record ProviderStatus(String provider, String model, String breaker, Double ewmaMillis, Double averageMillis, Double p95Millis,
                          Double errorRate, Long errorsLastMinute, String lastError) {
        /** What a gateway in this process tells: its breaker and moving average, no per-minute counts. */
        ProviderStatus(String provider, String model, String breaker, Double ewmaMillis, Double p95Millis, Double errorRate, String lastError) {
            this(provider, model, breaker, ewmaMillis, null, p95Millis, errorRate, null, lastError);
        }
    }

    /** No numbers: the admin application runs without a gateway beside it and without CloudWatch. */
    TrafficSource NONE = new TrafficSource() {
        @Override public Traffic traffic() { return new Traffic(0, 0, null, null, 0, 0, List.of(), 0, 0); }
        @Override public List<ProviderStatus> providers() { return List.of(); }
        @Override public String description() { return "no gateway in this process and no CloudWatch in local mode"; }
    };
}
