package dev.llmgateway.core.routing;

import java.util.List;

/**
 * Where one request may go: the public model name asked for, the route that applied (null when
 * the name was resolved by prefix) and the candidates in the order the strategy chose.
 */
public record Routing(String model, Route route, List<Candidate> candidates) {
    public Routing {
        candidates = List.copyOf(candidates);
    }

    /** Whether the candidates may fail over to one another. */
    public boolean routed() {
        return route != null;
    }
}
