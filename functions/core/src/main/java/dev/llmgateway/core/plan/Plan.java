package dev.llmgateway.core.plan;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.Usage;
import java.util.List;
import dev.llmgateway.core.budget.Estimate;
import dev.llmgateway.core.budget.Reservation;
import dev.llmgateway.core.routing.Candidate;
import dev.llmgateway.core.routing.Price;
import dev.llmgateway.core.routing.Routing;

/**
 * How one request will be served: where it may go, what it holds of the tenant's budget, and
 * whether it was downgraded (else null). The request ends with
 * {@link #settle} (the served usage is recorded), {@link #settleStreamed} (a stream cut short, billed
 * for what it sent) or {@link #close}: if nothing reached the client the reservation is released,
 * and if a stream broke off after its first chunk and was not settled otherwise the estimate is
 * charged, since tokens were produced but their count is unknown.
 */
public final class Plan implements AutoCloseable {
    /**
     * What a request was charged: tokens and micro-USD, the usage they came from (null when the
     * estimate was charged), and whether the serving model had no known price ({@code unpriced}:
     * its cost is 0 or the operator's assumed default).
     */
    public record Charge(long tokens, long usdMicros, Usage usage, boolean unpriced) {
        public Charge(long tokens, long usdMicros) {
            this(tokens, usdMicros, null, false);
        }
    }

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
    private final int tokensPerImage;
    private volatile Candidate serving;

    Plan(String tenantId, Routing routing, Reservation reservation, Downgrade downgrade, Estimate estimate, int tokensPerImage) {
        this.tokensPerImage = tokensPerImage;
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

    /** The candidate whose output is reaching the client, or null before a stream's first chunk. */
    public Candidate serving() {
        return serving;
    }

    /** Marks the candidate whose output is reaching the client (a stream's first chunk). */
    public void serving(Candidate candidate) {
        this.serving = candidate;
    }

    /** Records what the serving candidate reported. Without usage (some upstreams send none) the estimate is charged. */
    public Charge settle(Candidate served, Usage usage) {
        serving = served;
        Price price = served.price();
        boolean unpriced = price == null || price.assumed();
        Charge charge = usage == null
                ? new Charge(estimate.tokens(), price == null ? 0 : price.maxCostMicros(estimate.promptTokens(), estimate.outputTokens()),
                        null, unpriced)
                : new Charge(usage.totalTokens(), price == null ? 0 : price.costMicros(usage), usage, unpriced);
        if (unpriced) UnpricedModels.seen(served);
        reservation.settle(charge.tokens(), charge.usdMicros());
        return charge;
    }

    /**
     * Settles a stream that ended after its first chunk without the upstream's final usage: billed
     * for what reached the client ({@code chunks}), counted as {@link StreamedUsage} says. Null when
     * nothing was being served.
     */
    public Charge settleStreamed(ChatRequest request, List<byte[]> chunks) {
        Candidate partial = serving;
        if (partial == null || reservation.done()) return null;
        return settle(partial, StreamedUsage.count(request, partial.model(), chunks, tokensPerImage));
    }

    @Override
    public void close() {
        if (reservation.done()) return;
        Candidate partial = serving;
        if (partial != null) settle(partial, null);
        else reservation.release();
    }
}
