package dev.llmgateway.core.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongUnaryOperator;

/**
 * How a route's targets are ordered and which of them may be called now: the one selection
 * function behind both the {@link Router} (with {@link Failover}) and the {@link RoutePreview}.
 * Pure: the round-robin turn, the weighted draws and the health are the caller's.
 */
public final class Selection {
    private Selection() {}

    /** What ordering reads of a target; {@link Candidate} and {@link RouteTarget} are both one. */
    public interface Option {
        TargetKey key();

        int weight();

        /** Null when the price is unknown. */
        Price price();
    }

    /**
     * The strategy's order of {@code targets}: the first is called, the others are the failover order.
     *
     * @param turn the round-robin turn of this request (ignored by the other strategies)
     * @param draw given a bound, a value in {@code [0, bound)}: the weighted strategy's random source
     */
    public static <T extends Option> List<T> order(Strategy strategy, double costTolerance, List<T> targets, long turn,
                                                   LongUnaryOperator draw, HealthView health) {
        return switch (strategy) {
            case MODEL_PREFIX -> List.copyOf(targets);
            case ROUND_ROBIN -> rotate(targets, (int) Math.floorMod(turn, (long) targets.size()));
            case WEIGHTED -> weighted(targets, draw);
            case LATENCY_AWARE -> byLatency(targets, health);
            case COST_AWARE -> byCost(targets, costTolerance, health);
        };
    }

    /**
     * The targets of {@code ordered} that may be called now, in order: those not kept out. When every
     * one is out, the one whose breaker re-opens soonest among those that asked for no wait gets a
     * probe call (failing fast would turn a recovered provider's first success into an error); empty
     * when every target waits for its provider's Retry-After.
     */
    public static <T extends Option> List<T> callable(List<T> ordered, HealthView health) {
        List<T> ready = new ArrayList<>();
        for (T t : ordered) {
            if (health.blockedForNanos(t.key()) == 0) ready.add(t);
        }
        if (!ready.isEmpty()) return ready;
        Optional<T> probe = ordered.stream().filter(t -> health.retryAfterNanos(t.key()) == 0)
                .min(Comparator.comparingLong(t -> health.blockedForNanos(t.key())));
        return probe.map(List::of).orElse(List.of());
    }

    private static <T> List<T> rotate(List<T> targets, int start) {
        List<T> out = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) out.add(targets.get((start + i) % targets.size()));
        return out;
    }

    /** Draws without replacement in proportion to the weights; weight-0 targets come last, as fallbacks only. */
    private static <T extends Option> List<T> weighted(List<T> targets, LongUnaryOperator draw) {
        List<T> pool = new ArrayList<>(targets);
        List<T> out = new ArrayList<>(targets.size());
        while (!pool.isEmpty()) {
            long total = pool.stream().mapToLong(Option::weight).sum();
            if (total == 0) {
                out.addAll(pool);
                break;
            }
            long pick = draw.applyAsLong(total);
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
    private static <T extends Option> List<T> byLatency(List<T> targets, HealthView health) {
        List<T> out = new ArrayList<>(targets);
        out.sort(Comparator.comparingDouble(c -> health.latencyMillis(c.key()).orElse(-1)));
        return out;
    }

    /**
     * Cheapest first. Targets whose typical cost is within {@code tolerance} of the cheapest count as
     * equally cheap and go by latency; targets without a known price come last.
     */
    private static <T extends Option> List<T> byCost(List<T> targets, double tolerance, HealthView health) {
        double cheapest = targets.stream().filter(c -> c.price() != null)
                .mapToDouble(c -> c.price().blended().doubleValue()).min().orElse(Double.NaN);
        List<T> near = new ArrayList<>();
        List<T> rest = new ArrayList<>();
        for (T c : targets) {
            if (c.price() != null && c.price().blended().doubleValue() <= cheapest * (1 + tolerance) + 1e-12) near.add(c);
            else rest.add(c);
        }
        List<T> out = new ArrayList<>(byLatency(near, health));
        rest.sort(Comparator.comparingDouble(c -> c.price() == null ? Double.MAX_VALUE : c.price().blended().doubleValue()));
        out.addAll(rest);
        return out;
    }
}
