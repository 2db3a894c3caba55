package dev.llmgateway.core.routing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * Where the next requests for a route would go, given the targets' health now: for each of the
 * next {@code requests} requests the target it would be sent to and its failover order, and each
 * target's share. It runs the router's own {@link Selection} (order, then skip what is kept out),
 * so it cannot disagree with it, with two inputs made deterministic:
 * <ul>
 * <li>round-robin starts at the first target (the live rotation's phase is each process's own);</li>
 * <li>weighted: the router draws at random, so the preview gives each target's exact probability
 *     of being called first ({@code expectedShare}: its weight over the callable targets' total) and
 *     a stratified sequence: request {@code j} draws the quantile {@code (p + ½)/n} of a permutation
 *     {@code p} of {@code 0..n-1}. The quantiles split [0, 1) evenly, so over the {@code n} requests
 *     each target's count is within 1 of {@code n × expectedShare}. The order of the first draw does
 *     not depend on which targets are out, so those are left out before drawing, which gives the
 *     same probabilities as the router's draw-then-skip.</li>
 * </ul>
 * Health is taken as it stands now for all the requests (the preview calls nothing, so no breaker changes).
 */
public record RoutePreview(Route route, int requests, List<Share> shares, List<Step> sequence) {
    public static final int MAX_REQUESTS = 1000;

    /** Whether a target may be called now: healthy, its breaker open, or waiting for its provider's Retry-After. */
    public enum State { HEALTHY, OPEN, WAITING }

    /** A target of the route, what it is now, and how many of the previewed requests it would serve first. */
    public record Share(TargetKey target, int weight, State state, int count, double share, double expectedShare) {}

    /** One previewed request (1-based): the target it would go to (null: every target waits for a Retry-After) and its failover order. */
    public record Step(int request, TargetKey target, List<TargetKey> order) {}

    /** A route target with its price resolved as the router resolves it. */
    private record Priced(TargetKey key, int weight, Price price) implements Selection.Option {}

    public RoutePreview {
        shares = List.copyOf(shares);
        sequence = List.copyOf(sequence);
    }

    public static RoutePreview of(Route route, HealthView live, PriceTable prices, int requests) {
        if (requests < 1 || requests > MAX_REQUESTS) throw new IllegalArgumentException("requests must be 1.." + MAX_REQUESTS);
        List<Priced> targets = route.targets().stream().map(t -> new Priced(t.key(), t.weight(), t.priceIn(prices))).toList();
        HealthView health = snapshot(live, targets);
        List<Step> steps = new ArrayList<>(requests);
        int stride = stride(requests);
        for (int j = 0; j < requests; j++) {
            long point = (long) j * stride % requests;
            List<Priced> order = callableOrder(route, targets, health, j, quantile(point, requests));
            steps.add(new Step(j + 1, order.isEmpty() ? null : order.getFirst().key(), order.stream().map(Priced::key).toList()));
        }
        Map<TargetKey, Double> expected = expected(route, targets, health);
        List<Share> shares = new ArrayList<>();
        for (Priced t : targets) {
            int count = (int) steps.stream().filter(s -> t.key().equals(s.target())).count();
            shares.add(new Share(t.key(), t.weight(), state(health, t.key()), count, count / (double) requests,
                    expected.getOrDefault(t.key(), 0.0)));
        }
        return new RoutePreview(route, requests, shares, steps);
    }

    /** The order one request would be tried in: the strategy's order without the targets kept out. */
    private static List<Priced> callableOrder(Route route, List<Priced> targets, HealthView health, long turn, LongUnaryOperator draw) {
        List<Priced> pool = targets;
        if (route.strategy() == Strategy.WEIGHTED) {
            List<Priced> ready = targets.stream().filter(t -> health.blockedForNanos(t.key()) == 0).toList();
            if (!ready.isEmpty()) pool = ready; // else the probe rule decides among them all
        }
        return Selection.callable(Selection.order(route.strategy(), route.costTolerance(), pool, turn, draw, health), health);
    }

    /**
     * Each target's long-run share of first calls: for weighted its probability; for round-robin its
     * share of one full rotation; for the other strategies (deterministic) the one first target.
     */
    private static Map<TargetKey, Double> expected(Route route, List<Priced> targets, HealthView health) {
        Map<TargetKey, Double> out = new LinkedHashMap<>();
        if (route.strategy() == Strategy.WEIGHTED) {
            List<Priced> ready = targets.stream().filter(t -> health.blockedForNanos(t.key()) == 0).toList();
            long total = ready.stream().mapToLong(Priced::weight).sum();
            if (total > 0) {
                ready.forEach(t -> out.merge(t.key(), t.weight() / (double) total, Double::sum));
                return out;
            }
        }
        int period = route.strategy() == Strategy.ROUND_ROBIN ? targets.size() : 1;
        for (int turn = 0; turn < period; turn++) {
            List<Priced> order = callableOrder(route, targets, health, turn, bound -> 0);
            if (!order.isEmpty()) out.merge(order.getFirst().key(), 1.0 / period, Double::sum);
        }
        return out;
    }

    /** The draw of stratified point {@code p} of {@code n}: {@code floor((p + ½)/n × bound)}, exactly, in whole numbers. */
    private static LongUnaryOperator quantile(long p, int n) {
        return bound -> Math.multiplyExact(2 * p + 1, bound) / (2L * n);
    }

    /** A step coprime to {@code n} near {@code n/φ}, so consecutive requests visit points far apart and every point once. */
    static int stride(int n) {
        int base = (int) Math.round(n / 1.618033988749895);
        for (int d = 0; d < n; d++) {
            for (int s : new int[] {base + d, base - d}) {
                if (s >= 1 && s <= n && gcd(s, n) == 1) return s;
            }
        }
        return 1;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** The health of each target read once, so that a cool-down ending meanwhile cannot make the requests disagree. */
    private static HealthView snapshot(HealthView live, List<Priced> targets) {
        Map<TargetKey, long[]> waits = new HashMap<>();
        Map<TargetKey, OptionalDouble> latencies = new HashMap<>();
        for (Priced t : targets) {
            waits.put(t.key(), new long[] {live.blockedForNanos(t.key()), live.retryAfterNanos(t.key())});
            latencies.put(t.key(), live.latencyMillis(t.key()));
        }
        return new HealthView() {
            @Override public long blockedForNanos(TargetKey target) { return waits.get(target)[0]; }
            @Override public long retryAfterNanos(TargetKey target) { return waits.get(target)[1]; }
            @Override public OptionalDouble latencyMillis(TargetKey target) { return latencies.get(target); }
        };
    }

    /** The JSON the admin API returns: targets as {@code provider/model}, states in lower case. */
    public ObjectNode toTree() {
        ObjectNode out = Json.object().put("object", "route.preview").put("model", route.model())
                .put("strategy", route.strategy().wireName()).put("requests", requests);
        ArrayNode targets = out.putArray("targets");
        for (Share s : shares) {
            targets.addObject().put("target", s.target().toString()).put("provider", s.target().provider()).put("model", s.target().model())
                    .put("weight", s.weight()).put("state", s.state().name().toLowerCase(Locale.ROOT)).put("count", s.count())
                    .put("share", s.share()).put("expected_share", s.expectedShare());
        }
        ArrayNode steps = out.putArray("sequence");
        for (Step s : sequence) {
            ObjectNode step = steps.addObject().put("request", s.request());
            if (s.target() == null) step.putNull("target");
            else step.put("target", s.target().toString());
            ArrayNode order = step.putArray("order");
            s.order().forEach(t -> order.add(t.toString()));
        }
        return out;
    }

    private static State state(HealthView health, TargetKey target) {
        if (health.retryAfterNanos(target) > 0) return State.WAITING;
        return health.blockedForNanos(target) > 0 ? State.OPEN : State.HEALTHY;
    }
}
