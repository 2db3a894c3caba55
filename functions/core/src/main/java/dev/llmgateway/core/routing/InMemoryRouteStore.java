package dev.llmgateway.core.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Routes in process memory: the local default, and the reference the DynamoDB store is tested against. */
public final class InMemoryRouteStore implements RouteStore {
    private final ConcurrentHashMap<String, Route> routes = new ConcurrentHashMap<>();

    @Override
    public List<Route> list() {
        List<Route> all = new ArrayList<>(routes.values());
        all.sort(Comparator.comparing(Route::model));
        return all;
    }

    @Override
    public Optional<Route> get(String model) {
        return Optional.ofNullable(routes.get(model));
    }

    @Override
    public void put(Route route) {
        routes.put(route.model(), route);
    }

    @Override
    public boolean delete(String model) {
        return routes.remove(model) != null;
    }
}
