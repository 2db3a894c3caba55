package dev.llmgateway.core.routing;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.providers.ModelResolver;
import java.util.ArrayList;
import java.util.Comparator;
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
                Price price = t.price() != null ? t.price() : prices.lookup(t.provider(), t.model());
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
        return switch (route.strategy()) {
            case MODEL_PREFIX -> targets;
            case ROUND_ROBIN -> rotate(targets, (int) Math.floorMod(
                    turns.computeIfAbsent(route.model(), k -> new AtomicLong()).getAndIncrement(), (long) targets.size()));
            case WEIGHTED -> weighted(targets);
            case LATENCY_AWARE -> byLatency(targets);
            case COST_AWARE -> byCost(targets, route.costTolerance());
        };
    }

    private static List<Candidate> rotate(List<Candidate> targets, int start) {
        List<Candidate> out = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) out.add(targets.get((start + i) % targets.size()));
        return out;
    }

    /** Draws without replacement in proportion to the weights; weight-0 targets come last, as fallbacks only. */
    private List<Candidate> weighted(List<Candidate> targets) {
        List<Candidate> pool = new ArrayList<>(targets);
        List<Candidate> out = new ArrayList<>(targets.size());
        while (!pool.isEmpty()) {
            long total = pool.stream().mapToLong(Candidate::weight).sum();
            if (total == 0) {
                out.addAll(pool);
                break;
            }
            long pick = random.nextLong(total);
            for (int i = 0; i < pool.size(); i++) {
                pick -= pool.get(i).weight();
                if (pick < 0) {
                    out.add(pool.remove(i));
                    break;
                }
            }
        }
        return out;
    }

    /** Fastest first; a target with no sample yet sorts first so that it gets measured. Ties keep the listed order. */
    private List<Candidate> byLatency(List<Candidate> targets) {
        List<Candidate> out = new ArrayList<>(targets);
        out.sort(Comparator.comparingDouble(c -> health.latencyMillis(c.key()).orElse(-1)));
        return out;
    }

    /**
     * Cheapest first. Targets whose typical cost is within {@code tolerance} of the cheapest count as
     * equally cheap and go by latency; targets without a known price come last.
     */
    private List<Candidate> byCost(List<Candidate> targets, double tolerance) {
        double cheapest = targets.stream().filter(c -> c.price() != null)
                .mapToDouble(c -> c.price().blended().doubleValue()).min().orElse(Double.NaN);
        List<Candidate> near = new ArrayList<>();
        List<Candidate> rest = new ArrayList<>();
        for (Candidate c : targets) {
            if (c.price() != null && c.price().blended().doubleValue() <= cheapest * (1 + tolerance) + 1e-12) near.add(c);
            else rest.add(c);
        }
        List<Candidate> out = new ArrayList<>(byLatency(near));
        rest.sort(Comparator.comparingDouble(c -> c.price() == null ? Double.MAX_VALUE : c.price().blended().doubleValue()));
        out.addAll(rest);
        return out;
    }
}
