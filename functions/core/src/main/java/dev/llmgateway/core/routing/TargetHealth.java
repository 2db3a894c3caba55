package dev.llmgateway.core.routing;

import java.util.Map;
import java.util.TreeMap;

import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What the process has seen of each target ({@code provider/model}): a latency average and a
 * circuit breaker. The breaker opens after {@code failureThreshold} failover-worthy failures in a
 * row and keeps the target out for {@code coolDown}; after that the target is tried again
 * (half-open): one more failure re-opens it at once, a success closes it. A Retry-After from the
 * provider keeps the target out until then, whatever the breaker says.
 *
 * <p>State is per process (per Lambda environment): cheap, and a target that fails fails for all.
 */
public final class TargetHealth implements HealthView {
    /**
     * @param ewmaWeight weight of the newest latency sample in the moving average (0..1)
     */
    public record Settings(int failureThreshold, Duration coolDown, double ewmaWeight) {
        public static final Settings DEFAULTS = new Settings(3, Duration.ofSeconds(30), 0.3);
    }

    private final Settings settings;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<TargetKey, State> states = new ConcurrentHashMap<>();

    public TargetHealth(Settings settings) {
        this(settings, System::nanoTime);
    }

    public TargetHealth(Settings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    /** Nanoseconds until the target may be called again; 0 when it may be called now. */
    @Override
    public long blockedForNanos(TargetKey target) {
        State s = states.get(target);
        if (s == null) return 0;
        synchronized (s) {
            long now = nanoTime.getAsLong();
            return Math.max(0, Math.max(s.openUntil - now, s.notBefore - now));
        }
    }

    /** Nanoseconds until a Retry-After the provider gave for this target has passed; 0 when none is pending. */
    @Override
    public long retryAfterNanos(TargetKey target) {
        State s = states.get(target);
        if (s == null) return 0;
        synchronized (s) {
            return Math.max(0, s.notBefore - nanoTime.getAsLong());
        }
    }

    public boolean open(TargetKey target) {
        State s = states.get(target);
        if (s == null) return false;
        synchronized (s) {
            return s.openUntil - nanoTime.getAsLong() > 0;
        }
    }

    /** Recent latency in milliseconds (time to first token for streams), or empty before the first success. */
    @Override
    public OptionalDouble latencyMillis(TargetKey target) {
        State s = states.get(target);
        if (s == null) return OptionalDouble.empty();
        synchronized (s) {
            return s.samples == 0 ? OptionalDouble.empty() : OptionalDouble.of(s.ewmaNanos / 1e6);
        }
    }

    /** A breaker's state: closed (called), open (kept out for the cool-down), half-open (the next call decides). */
    public enum Circuit { CLOSED, HALF_OPEN, OPEN }

    /** The breaker of every target seen so far (metrics: one gauge per target). */
    public Map<TargetKey, Circuit> circuits() {
        Map<TargetKey, Circuit> out = new TreeMap<>(java.util.Comparator.comparing(TargetKey::toString));
        long now = nanoTime.getAsLong();
        states.forEach((key, s) -> {
            synchronized (s) {
                out.put(key, s.openUntil - now > 0 ? Circuit.OPEN
                        : s.failures >= settings.failureThreshold() ? Circuit.HALF_OPEN : Circuit.CLOSED);
            }
        });
        return out;
    }

    public void success(TargetKey target, long latencyNanos) {
        State s = state(target);
        synchronized (s) {
            s.failures = 0;
            s.openUntil = nanoTime.getAsLong(); // closes the breaker
            s.ewmaNanos = s.samples == 0 ? latencyNanos : settings.ewmaWeight() * latencyNanos + (1 - settings.ewmaWeight()) * s.ewmaNanos;
            s.samples++;
        }
    }

    /**
     * A failover-worthy failure; {@code retryAfter} (may be null) is the provider's own wait.
     *
     * @return whether this failure opened the breaker (it was closed or half-open): true once per opening
     */
    public boolean failure(TargetKey target, Duration retryAfter) {
        State s = state(target);
        synchronized (s) {
            long now = nanoTime.getAsLong();
            boolean wasOpen = s.openUntil - now > 0;
            s.failures++;
            if (s.failures >= settings.failureThreshold()) s.openUntil = now + settings.coolDown().toNanos();
            if (retryAfter != null && !retryAfter.isZero()) {
                long until = now + retryAfter.toNanos();
                if (until - s.notBefore > 0) s.notBefore = until;
            }
            return !wasOpen && s.openUntil - now > 0;
        }
    }

    /** What the console shows of one target: its breaker, recent latency and consecutive failures. */
    public record View(TargetKey target, boolean open, Double ewmaMillis, int consecutiveFailures) {}

    /** Every target seen so far, as it stands now. */
    public java.util.List<View> snapshot() {
        java.util.List<View> out = new java.util.ArrayList<>();
        states.forEach((target, s) -> {
            synchronized (s) {
                out.add(new View(target, s.openUntil - nanoTime.getAsLong() > 0, s.samples == 0 ? null : s.ewmaNanos / 1e6, s.failures));
            }
        });
        return out;
    }

    private State state(TargetKey target) {
        return states.computeIfAbsent(target, k -> {
            long now = nanoTime.getAsLong();
            State s = new State();
            s.openUntil = now;
            s.notBefore = now;
            return s;
        });
    }

    /** Guarded by its own monitor. Times are nanoTime values, compared by difference (they may be negative). */
    private static final class State {
        int failures;
        long openUntil;
        long notBefore;
        double ewmaNanos;
        long samples;
    }
}
