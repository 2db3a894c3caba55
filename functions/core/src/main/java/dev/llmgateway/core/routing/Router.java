package dev.llmgateway.core.routing;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.providers.ModelResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Turns a requested model name into ordered candidates. An unrouted name keeps today's
 * behaviour ({@link ModelResolver}: {@code provider/model} or a well-known prefix, one candidate);
 * a routed name yields its enabled targets in the order of the route's {@link Strategy}.
 */
public final class Router {
    private final ModelResolver models;
    private final RouteCache routes;
    private final PriceTable prices;
    private final TargetHealth health;
    private final RandomGenerator random;
    private final ConcurrentHashMap<String, AtomicLong> turns = new ConcurrentHashMap<>();

    public Router(ModelResolver models, RouteCache routes, PriceTable prices, TargetHealth health, RandomGenerator random) {
        this.models = models;
        this.routes = routes;
        this.prices = prices;
        this.health = health;
        this.random = random;
    }

    public Routing route(String model) {
        Route route = routes.find(model);
        if (route == null || route.targets().isEmpty()) {
            ModelResolver.Target target = models.resolve(model);
            Price price = prices.lookup(target.provider().name(), target.model());
            return new Routing(model, route, List.of(new Candidate(target.provider(), target.model(), price, 1)));
        }
        List<Candidate> enabled = new ArrayList<>();
        GatewayError lastMissing = null;
        for (RouteTarget t : route.targets()) {
            try {
                ModelResolver.Target target = models.resolve(t.provider(), t.model());
                Price price = t.priceIn(prices);
                enabled.add(new Candidate(target.provider(), target.model(), price, t.weight()));
            } catch (GatewayError e) {
                lastMissing = e; // the provider is not enabled here: the route's other targets may still serve
            }
        }
        if (enabled.isEmpty()) {
            throw GatewayError.modelNotFound("The model '" + model + "' is routed only to providers that are not enabled"
                    + (lastMissing == null ? "." : ": " + lastMissing.getMessage()));
        }
        return new Routing(model, route, order(route, enabled));
    }

    /**
     * Whether a request for {@code model} could be served now: a routed name needs at least one
     * target whose provider is enabled; an unrouted one (or a route without targets) a provider by
     * name or prefix. Changes no state (round-robin turns are not taken).
     */
    public boolean servable(String model) {
        Route route = routes.find(model);
        if (route != null && !route.targets().isEmpty()) {
            return route.targets().stream().anyMatch(t -> models.enabled(t.provider()));
        }
        try {
            models.resolve(model);
            return true;
        } catch (GatewayError e) {
            return false;
        }
    }

    private List<Candidate> order(Route route, List<Candidate> targets) {
        // Only round-robin takes a turn, so that a route's rotation counts its own requests alone.
        long turn = route.strategy() == Strategy.ROUND_ROBIN
                ? turns.computeIfAbsent(route.model(), k -> new AtomicLong()).getAndIncrement() : 0;
        return Selection.order(route.strategy(), route.costTolerance(), targets, turn, random::nextLong, health);
    }
}
