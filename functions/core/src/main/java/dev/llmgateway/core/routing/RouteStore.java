package dev.llmgateway.core.routing;

import java.util.List;
import java.util.Optional;

/** Where routes are kept: DynamoDB when deployed, memory (seeded from a file) locally. */
public interface RouteStore {
    /** Every route; the table is small and read whole by {@link RouteCache}. */
    List<Route> list();

    Optional<Route> get(String model);

    /** Creates or replaces the route for {@code route.model()}. */
    void put(Route route);

    /** Removes a route; returns false when there was none. */
    boolean delete(String model);
}
