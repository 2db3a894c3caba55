package dev.llmgateway.core.routing;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How a route orders its targets; the first is called, the others are the failover order. */
public enum Strategy {
    /** Targets in their listed order (primary, then fallbacks); an unrouted model resolves by name prefix. */
    MODEL_PREFIX("model-prefix"),
    /** Each request starts at the next target in turn. */
    ROUND_ROBIN("round-robin"),
    /** The first target is drawn at random in proportion to the weights, then the rest likewise. */
    WEIGHTED("weighted"),
    /** Fastest first by recent latency (time to first token for streams); unmeasured targets are tried first. */
    LATENCY_AWARE("latency-aware"),
    /** Cheapest first; targets within the route's cost tolerance of the cheapest are ordered by latency. */
    COST_AWARE("cost-aware");

    private final String wireName;

    Strategy(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The strategy of a wire name, or null when there is none. */
    public static Strategy of(String name) {
        for (Strategy s : values()) {
            if (s.wireName.equals(name)) return s;
        }
        return null;
    }

    public static String names() {
        return Arrays.stream(values()).map(Strategy::wireName).collect(Collectors.joining(", "));
    }
}
