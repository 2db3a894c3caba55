package dev.llmgateway.core.plan;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.api.UsageCheck;
import dev.llmgateway.core.budget.Estimate;
import dev.llmgateway.core.budget.Reservation;
import dev.llmgateway.core.routing.Candidate;
import dev.llmgateway.core.routing.Routing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one request will be served: where it may go, what it holds of the tenant's budget, and
 * whether it was downgraded (else null). The request ends with
 * {@link #settle} (the served usage is recorded) or {@link #close}: if nothing reached the client
 * the reservation is released, and if a stream broke off after its first chunk (or the client left)
 * the estimate is charged, since tokens were produced but their count is unknown.
 *
 * <p>Settlement is the one place where every provider's usage passes before it reaches the budget,
 * the cost and the metrics, so it is checked here ({@link UsageCheck}). Usage that cannot be
 * trusted (not a number, negative, absurd) is a provider protocol error: it is logged, reported in
 * the {@link Charge}, and the request is charged the larger of its reservation and the usage made
 * plausible, never less than the reservation and never less than zero.
 */
public final class Plan implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Plan.class);

    /**
     * What a request was charged: tokens and micro-USD; {@code usage} is the usage to record in
     * metrics (as reported, or made plausible when it could not be trusted; null when none was
     * reported), and {@code problem} what was wrong with the reported usage (null: nothing).
     */
    public record Charge(long tokens, long usdMicros, Usage usage, UsageCheck.Problem problem) {}

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
    private final ChatRequest request;
    private final Integer boundedMaxTokens;
    private final boolean hardCap;
    private final Long outputLimit;
    private final UsageCheck usageCheck;
    private volatile Candidate serving;

    Plan(String tenantId, Routing routing, Reservation reservation, Downgrade downgrade, Estimate estimate,
         ChatRequest request, Long outputLimit, Integer boundedMaxTokens, boolean hardCap, UsageCheck usageCheck) {
        this.tenantId = tenantId;
        this.routing = routing;
        this.reservation = reservation;
        this.downgrade = downgrade;
        this.estimate = estimate;
        this.request = request;
        this.boundedMaxTokens = boundedMaxTokens;
        this.hardCap = hardCap;
        this.outputLimit = outputLimit;
        this.usageCheck = usageCheck;
    }

    public String tenantId() { return tenantId; }
    public Routing routing() { return routing; }
    public Reservation reservation() { return reservation; }
    public Downgrade downgrade() { return downgrade; }
    public Estimate estimate() { return estimate; }
    /** The chat request to send: the client's, or in the hard-cap mode with its max tokens bounded; null for Messages. */
    public ChatRequest request() { return request; }
    /** The max tokens per choice the hard-cap mode set (header {@code X-Gateway-Max-Tokens-Bounded}); null if not bounded. */
    public Integer boundedMaxTokens() { return boundedMaxTokens; }

    /** Marks the candidate whose output is reaching the client (a stream's first chunk). */
    public void serving(Candidate candidate) {
        this.serving = candidate;
    }

    /**
     * Records what the serving candidate reported. Without usage (some upstreams send none) the
     * estimate is charged; with usage that cannot be trusted, the larger of the estimate and the
     * usage made plausible.
     */
    public Charge settle(Candidate served, Usage usage) {
        serving = served;
        Charge charge;
        UsageCheck.Problem problem = usage == null ? null : usageCheck.problem(usage, outputLimit);
        if (usage == null) {
            charge = estimated(served, null, null);
        } else if (problem == null || !(problem.untrusted() || hardCap)) {
            charge = charged(served, usage, problem);
        } else {
            // In the hard-cap mode output above the bound the upstream was sent is not charged: the cap is the promise.
            Charge sane = charged(served, usageCheck.sane(usage, hardCap ? outputLimit : null), problem);
            Charge estimated = estimated(served, sane.usage(), problem);
            charge = new Charge(Math.max(sane.tokens(), estimated.tokens()), Math.max(sane.usdMicros(), estimated.usdMicros()),
                    sane.usage(), problem);
        }
        if (problem != null) {
            // Only numbers and the provider's own name: nothing client-chosen reaches this line.
            log.warn("provider protocol error ({}): {} reported usage prompt={} completion={} cached={}; charged {} tokens",
                    problem.label(), served.provider().name(), usage.promptTokens(), usage.completionTokens(),
                    usage.cachedTokens(), charge.tokens());
        }
        reservation.settle(charge.tokens(), charge.usdMicros());
        return charge;
    }

    private static Charge charged(Candidate served, Usage usage, UsageCheck.Problem problem) {
        return new Charge(usage.promptTokens() + (long) usage.completionTokens(),
                served.price() == null ? 0 : served.price().costMicros(usage), usage, problem);
    }

    private Charge estimated(Candidate served, Usage usage, UsageCheck.Problem problem) {
        return new Charge(estimate.tokens(), served.price() == null ? 0
                : served.price().maxCostMicros(estimate.promptTokens(), estimate.outputTokens()), usage, problem);
    }

    @Override
    public void close() {
        if (reservation.done()) return;
        Candidate partial = serving;
        if (partial != null) settle(partial, null);
        else reservation.release();
    }
}
