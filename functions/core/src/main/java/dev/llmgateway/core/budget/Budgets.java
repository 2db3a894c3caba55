package dev.llmgateway.core.budget;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Budget enforcement without a check-then-record race: before the upstream call the request's
 * estimate is added to every period counter of the tenant with a conditional atomic update that
 * succeeds only if the counter stays within its cap; after the call the reservation is settled to
 * the real usage, or released when nothing was served. Periods are reserved one after the other
 * (day, then month); when a later one is full the earlier ones are given back. A cap can therefore
 * never be crossed by reservations, however many requests run at once.
 */
public final class Budgets {
    /** The outcome of a reservation attempt. */
    public sealed interface Outcome {
        /** Reserved; {@code overSoftThreshold} when usage before this request was at or above the soft threshold. */
        record Reserved(Reservation reservation, boolean overSoftThreshold) implements Outcome {}

        /** A cap would be crossed; nothing is held. {@code resetsIn} is the time until that period ends. */
        record Exceeded(Period period, String dimension, Duration resetsIn) implements Outcome {}
    }

    private final UsageStore store;
    private final Clock clock;

    public Budgets(UsageStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Reserves {@code amount} on the counters of tenant {@code tenantId} under {@code budget} (null: none). */
    public Outcome reserve(String tenantId, Budget budget, Totals amount) {
        Instant now = clock.instant();
        List<Reservation.Hold> holds = new ArrayList<>();
        if (budget == null || allUncapped(budget)) {
            // Nothing to enforce: the usage is only recorded at settlement, with no write before the call.
            for (Period p : Period.values()) holds.add(new Reservation.Hold(p.key(tenantId, now), p.expiresAt(now)));
            return new Outcome.Reserved(new Reservation(store, holds, Totals.ZERO), false);
        }
        boolean overSoft = false;
        for (Period period : Period.values()) {
            Caps caps = budget.caps(period);
            String key = period.key(tenantId, now);
            long expiresAt = period.expiresAt(now);
            Optional<Totals> after = store.reserve(key, amount, caps, expiresAt);
            if (after.isEmpty()) {
                for (Reservation.Hold hold : holds) store.add(hold.key(), amount.negate(), hold.expiresAt());
                return new Outcome.Exceeded(period, dimension(caps, amount, key), Duration.between(now, period.end(now)));
            }
            holds.add(new Reservation.Hold(key, expiresAt));
            overSoft |= overSoft(caps, after.get().minus(amount), budget.softThresholdPercent());
        }
        return new Outcome.Reserved(new Reservation(store, holds, amount), overSoft);
    }

    /**
     * What is left of the tenant's caps now, the least over its periods: tokens, and micro-USD
     * (each null when no period caps it). A read, not a hold: the reservation that follows is what
     * guarantees the caps.
     */
    public Caps remaining(String tenantId, Budget budget) {
        Instant now = clock.instant();
        Long tokens = null;
        Long usd = null;
        for (Period period : Period.values()) {
            Caps caps = budget == null ? Caps.NONE : budget.caps(period);
            if (caps.none()) continue;
            Totals used = store.get(period.key(tenantId, now));
            if (caps.tokens() != null) tokens = Math.min(tokens == null ? Long.MAX_VALUE : tokens, Math.max(0, caps.tokens() - used.tokens()));
            if (caps.usdMicros() != null) usd = Math.min(usd == null ? Long.MAX_VALUE : usd, Math.max(0, caps.usdMicros() - used.usdMicros()));
        }
        return new Caps(tokens, usd);
    }

    /** The tenant's counters for the current periods. */
    public Totals usage(String tenantId, Period period) {
        return store.get(period.key(tenantId, clock.instant()));
    }

    public Instant now() {
        return clock.instant();
    }

    private static boolean allUncapped(Budget budget) {
        for (Period p : Period.values()) {
            if (!budget.caps(p).none()) return false;
        }
        return true;
    }

    private static boolean overSoft(Caps caps, Totals before, int percent) {
        return (caps.tokens() != null && before.tokens() * 100 >= caps.tokens() * percent)
                || (caps.usdMicros() != null && before.usdMicros() * 100 >= caps.usdMicros() * percent);
    }

    private String dimension(Caps caps, Totals amount, String key) {
        if (caps.tokens() != null && caps.usdMicros() == null) return "tokens";
        if (caps.usdMicros() != null && caps.tokens() == null) return "usd";
        Totals current = store.get(key);
        return caps.tokens() != null && current.tokens() + amount.tokens() > caps.tokens() ? "tokens" : "usd";
    }
}
