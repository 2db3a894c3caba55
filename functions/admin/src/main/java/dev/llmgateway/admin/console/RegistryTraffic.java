package dev.llmgateway.admin.console;

import dev.llmgateway.core.routing.TargetHealth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The local data source: the gateway's own meters ({@code gateway.requests}, {@code gateway.latency},
 * {@code gateway.tokens}, {@code gateway.provider.errors}) and its {@link TargetHealth}, read in this
 * process. Meters count since start, so each reading is kept and the numbers are the difference to a
 * reading about a {@link #WINDOW} old: rates per second and percentiles of the latency histogram's
 * bucket bounds (a p95 of "at most 500 ms").
 */
public final class RegistryTraffic implements TrafficSource {
    static final Duration WINDOW = Duration.ofSeconds(60);

    private final MeterRegistry registry;
    private final TargetHealth health;
    private final Clock clock;
    private final Deque<Reading> readings = new ArrayDeque<>();
    private final Map<String, String> lastErrors = new HashMap<>();
    private Map<String, Double> errorCounts = Map.of();

    public RegistryTraffic(MeterRegistry registry, TargetHealth health, Clock clock) {
        this.registry = registry;
        this.health = health;
        this.clock = clock;
        readings.add(read()); // the baseline: traffic is counted from the console's start
    }

    /** Cumulative counts per provider and model at one instant. */
    record Reading(Instant at, Map<Key, Counts> counts) {}

    record Key(String provider, String model) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            return (provider + "/" + model).compareTo(o.provider + "/" + o.model);
        }
    }

    /** Requests, server errors, tokens and the latency histogram ({@code bucket bound in ms -> count at or below}). */
    record Counts(double requests, double serverErrors, double tokens, TreeMap<Double, Double> latency) {
        static Counts ZERO = new Counts(0, 0, 0, new TreeMap<>());

        Counts minus(Counts before) {
            TreeMap<Double, Double> buckets = new TreeMap<>();
            latency.forEach((bound, count) -> buckets.put(bound, count - before.latency.getOrDefault(bound, 0.0)));
            return new Counts(requests - before.requests, serverErrors - before.serverErrors, tokens - before.tokens, buckets);
        }

        Counts plus(Counts other) {
            TreeMap<Double, Double> buckets = new TreeMap<>(latency);
            other.latency.forEach((bound, count) -> buckets.merge(bound, count, Double::sum));
            return new Counts(requests + other.requests, serverErrors + other.serverErrors, tokens + other.tokens, buckets);
        }
    }

    @Override
    public synchronized Traffic traffic() {
        Reading now = read();
        Reading then = baseline(now.at());
        readings.addLast(now);
        while (readings.size() > 2 && readings.peekFirst().at().isBefore(now.at().minus(WINDOW.multipliedBy(2)))) readings.removeFirst();
        double seconds = Math.max(1, Duration.between(then.at(), now.at()).toMillis() / 1000.0);
        Counts total = Counts.ZERO;
        List<ModelTraffic> models = new ArrayList<>();
        for (Key key : new TreeSet<>(now.counts().keySet())) {
            Counts delta = now.counts().get(key).minus(then.counts().getOrDefault(key, Counts.ZERO));
            total = total.plus(delta);
            long all = Math.round(now.counts().get(key).requests());
            models.add(new ModelTraffic(key.provider(), key.model(), all, delta.requests() / seconds, rate(delta), percentile(delta.latency(), 0.95)));
        }
        long requests = Math.round(now.counts().values().stream().mapToDouble(Counts::requests).sum());
        double hits = registry.find("gateway.cache.requests").tag("result", "hit").counters().stream().mapToDouble(Counter::count).sum();
        double saved = registry.find("gateway.cache.saved.dollars").counters().stream().mapToDouble(Counter::count).sum();
        return new Traffic(total.requests() / seconds, rate(total), percentile(total.latency(), 0.50), percentile(total.latency(), 0.95),
                total.tokens() / seconds * 60, requests, models, Math.round(hits), saved);
    }

    @Override
    public synchronized List<ProviderStatus> providers() {
        trackErrors();
        Reading now = read();
        Map<Key, ProviderStatus> out = new TreeMap<>();
        for (TargetHealth.View view : health.snapshot()) {
            Key key = new Key(view.target().provider(), view.target().model());
            Counts counts = now.counts().getOrDefault(key, Counts.ZERO);
            out.put(key, new ProviderStatus(key.provider(), key.model(), view.open() ? "open" : "closed", view.ewmaMillis(),
                    percentile(counts.latency(), 0.95), counts.requests() == 0 ? null : rate(counts), lastErrors.get(key.provider())));
        }
        now.counts().forEach((key, counts) -> out.putIfAbsent(key, new ProviderStatus(key.provider(), key.model(), "closed", null,
                percentile(counts.latency(), 0.95), counts.requests() == 0 ? null : rate(counts), lastErrors.get(key.provider()))));
        out.keySet().removeIf(k -> k.provider().isEmpty() || k.provider().equals("none"));
        return List.copyOf(out.values());
    }

    @Override
    public String description() {
        return "this process's gateway: its meters and target health";
    }

    /** The oldest kept reading still inside the window, or the one just before it. */
    private Reading baseline(Instant now) {
        Reading chosen = readings.peekFirst();
        for (Reading r : readings) {
            if (r.at().isBefore(now.minus(WINDOW))) chosen = r;
        }
        return chosen;
    }

    /** The provider whose error counter grew since the last look gets that error code as its last error. */
    private void trackErrors() {
        Map<String, Double> counts = new HashMap<>();
        for (Counter c : registry.find("gateway.provider.errors").counters()) {
            counts.put(c.getId().getTag("provider") + "\u0000" + c.getId().getTag("error_code"), c.count());
        }
        counts.forEach((id, count) -> {
            if (count > errorCounts.getOrDefault(id, 0.0)) {
                String[] parts = id.split("\u0000", 2);
                lastErrors.put(parts[0], parts[1]);
            }
        });
        errorCounts = counts;
    }

    private Reading read() {
        Map<Key, Counts> counts = new HashMap<>();
        for (Counter c : registry.find("gateway.requests").counters()) {
            Key key = key(c.getId().getTag("provider"), c.getId().getTag("model"));
            String status = c.getId().getTag("status");
            boolean serverError = status != null && status.startsWith("5");
            counts.merge(key, new Counts(c.count(), serverError ? c.count() : 0, 0, new TreeMap<>()), Counts::plus);
        }
        for (Counter c : registry.find("gateway.tokens").counters()) {
            String direction = c.getId().getTag("direction");
            if (!"input".equals(direction) && !"output".equals(direction)) continue; // the parts are inside these
            counts.merge(key(c.getId().getTag("provider"), c.getId().getTag("model")), new Counts(0, 0, c.count(), new TreeMap<>()), Counts::plus);
        }
        for (Timer t : registry.find("gateway.latency").timers()) {
            TreeMap<Double, Double> buckets = new TreeMap<>();
            for (CountAtBucket b : t.takeSnapshot().histogramCounts()) buckets.put(b.bucket(java.util.concurrent.TimeUnit.MILLISECONDS), b.count());
            counts.merge(key(t.getId().getTag("provider"), t.getId().getTag("model")), new Counts(0, 0, 0, buckets), Counts::plus);
        }
        return new Reading(clock.instant(), counts);
    }

    private static Key key(String provider, String model) {
        return new Key(provider == null ? "" : provider, model == null ? "" : model);
    }

    private static double rate(Counts c) {
        return c.requests() <= 0 ? 0 : c.serverErrors() / c.requests();
    }

    /** The smallest bucket bound (ms) under which at least {@code p} of the window's requests fall; null when none. */
    static Double percentile(TreeMap<Double, Double> cumulative, double p) {
        if (cumulative.isEmpty()) return null;
        double total = cumulative.lastEntry().getValue();
        if (total <= 0) return null;
        for (var bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= p * total) return bucket.getKey();
        }
        return cumulative.lastKey();
    }
}
