package dev.llmgateway.core.plan;

import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.budget.Estimate;
import dev.llmgateway.core.budget.Reservation;
import dev.llmgateway.core.limit.LimitHold;
import dev.llmgateway.core.limit.RateLimitHeaders;
import dev.llmgateway.core.routing.Candidate;
import dev.llmgateway.core.routing.Routing;

/**
 * How one request will be served: where it may go, what it holds of the tenant's budget and of
 * its rate limits, and whether it was downgraded (else null). The request ends with
 * {@link #settle} (the served usage is recorded) or {@link #close}: if nothing reached the client
 * the reservation is released, and if a stream broke off after its first chunk (or the client left)
 * the estimate is charged, since tokens were produced but their count is unknown. Rate-limit
 * tokens follow the same rule, and a concurrency slot is freed either way.
 */
public final class Plan implements AutoCloseable {
    /** What a request was charged: tokens and micro-USD. */
    public record Charge(long tokens, long usdMicros) {}

    /** The model the client asked for and the cheaper one it was served instead. */
    public record Downgrade(String from, String to) {
        /** The value of the response header that tells the client: {@code from->to}. */
        public String header() {
            return from + "->" + to;
        }
    }

    private final String tenantId;
    private final Routing routing;
    private final Reservation reservation;
    private final Downgrade downgrade;
    private final Estimate estimate;
    private final LimitHold limits;
    private final RateLimitHeaders rateLimitHeaders;
    private final Reservation keyReservation;
    private volatile Candidate serving;

    Plan(String tenantId, Routing routing, Reservation reservation, Downgrade downgrade, Estimate estimate) {
        this(tenantId, routing, reservation, downgrade, estimate, LimitHold.NONE, RateLimitHeaders.NONE, null);
    }

    /** @param keyReservation what the request holds of its key's own budget; null when the key has none */
    Plan(String tenantId, Routing routing, Reservation reservation, Downgrade downgrade, Estimate estimate,
         LimitHold limits, RateLimitHeaders rateLimitHeaders, Reservation keyReservation) {
        this.keyReservation = keyReservation;
        this.limits = limits;
        this.rateLimitHeaders = rateLimitHeaders;
        this.tenantId = tenantId;
        this.routing = routing;
        this.reservation = reservation;
        this.downgrade = downgrade;
        this.estimate = estimate;
    }

    public String tenantId() { return tenantId; }
    public Routing routing() { return routing; }
    public Reservation reservation() { return reservation; }
    public Downgrade downgrade() { return downgrade; }
    public Estimate estimate() { return estimate; }
    /** The {@code x-ratelimit-*} headers of this request's admission. */
    public RateLimitHeaders rateLimitHeaders() { return rateLimitHeaders; }

    /** Marks the candidate whose output is reaching the client (a stream's first chunk). */
    public void serving(Candidate candidate) {
        this.serving = candidate;
    }

    /** Records what the serving candidate reported. Without usage (some upstreams send none) the estimate is charged. */
    public Charge settle(Candidate served, Usage usage) {
        serving = served;
        Charge charge = usage == null
                ? new Charge(estimate.tokens(), served.price() == null ? 0
                        : served.price().maxCostMicros(estimate.promptTokens(), estimate.outputTokens()))
                : new Charge(usage.promptTokens() + (long) usage.completionTokens(),
                        served.price() == null ? 0 : served.price().costMicros(usage));
        reservation.settle(charge.tokens(), charge.usdMicros());
        if (keyReservation != null) keyReservation.settle(charge.tokens(), charge.usdMicros());
        limits.settle(charge.tokens());
        return charge;
    }

    @Override
    public void close() {
        if (!reservation.done()) {
            Candidate partial = serving;
            if (partial != null) settle(partial, null);
            else reservation.release();
        }
        if (keyReservation != null) keyReservation.release(); // does nothing once settled
        limits.release(); // does nothing once settled
    }
}
