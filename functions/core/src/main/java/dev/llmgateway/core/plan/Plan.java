package dev.llmgateway.core.plan;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.api.UsageCheck;
import dev.llmgateway.core.budget.Estimate;
import dev.llmgateway.core.budget.Reservation;
import dev.llmgateway.core.ledger.LedgerAccount;
import dev.llmgateway.core.ledger.LedgerCounts;
import dev.llmgateway.core.limit.LimitHold;
import dev.llmgateway.core.limit.RateLimitHeaders;
import dev.llmgateway.core.routing.Candidate;
import dev.llmgateway.core.routing.Price;
import dev.llmgateway.core.routing.Routing;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one request will be served: where it may go, what it holds of the tenant's budget, and
 * whether it was downgraded (else null). The request ends with
 * {@link #settle} (the served usage is recorded), {@link #settleStreamed} (a stream cut short, billed
 * for what it sent) or {@link #close}: if nothing reached the client the reservation is released,
 * and if a stream broke off after its first chunk and was not settled otherwise the estimate is
 * charged, since tokens were produced but their count is unknown. Rate-limit tokens follow the same
 * rule, and a concurrency slot is freed either way.
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
     * reported), {@code problem} what was wrong with the reported usage (null: nothing), and
     * {@code unpriced} whether the serving model had no known price (its cost is 0 or the
     * operator's assumed default).
     */
    public record Charge(long tokens, long usdMicros, Usage usage, UsageCheck.Problem problem, boolean unpriced) {}

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
    private final LimitHold limits;
    private final RateLimitHeaders rateLimitHeaders;
    private final List<Reservation> keyReservations;
    private final int tokensPerImage;
    private final LedgerAccount ledger;
    private final AtomicBoolean recorded = new AtomicBoolean();
    private volatile Candidate serving;

    Plan(String tenantId, Routing routing, Reservation reservation, Downgrade downgrade, Estimate estimate,
         ChatRequest request, Long outputLimit, Integer boundedMaxTokens, boolean hardCap, UsageCheck usageCheck,
         int tokensPerImage) {
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
        this.tokensPerImage = tokensPerImage;
        this.limits = LimitHold.NONE;
        this.rateLimitHeaders = RateLimitHeaders.NONE;
        this.keyReservations = List.of();
        this.ledger = LedgerAccount.NONE;
    }

    /**
     * This plan, also holding the request's rate-limit admission, its key's and team's budget
     * reservations, and the ledger account its settlement is recorded in.
     */
    Plan withLimits(LimitHold limits, RateLimitHeaders rateLimitHeaders, List<Reservation> keyReservations, LedgerAccount ledger) {
        return new Plan(this, limits, rateLimitHeaders, keyReservations, ledger);
    }

    private Plan(Plan p, LimitHold limits, RateLimitHeaders rateLimitHeaders, List<Reservation> keyReservations, LedgerAccount ledger) {
        this.tenantId = p.tenantId;
        this.routing = p.routing;
        this.reservation = p.reservation;
        this.downgrade = p.downgrade;
        this.estimate = p.estimate;
        this.request = p.request;
        this.boundedMaxTokens = p.boundedMaxTokens;
        this.hardCap = p.hardCap;
        this.outputLimit = p.outputLimit;
        this.usageCheck = p.usageCheck;
        this.tokensPerImage = p.tokensPerImage;
        this.limits = limits;
        this.rateLimitHeaders = rateLimitHeaders;
        this.keyReservations = List.copyOf(keyReservations);
        this.ledger = ledger;
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
    /** The {@code x-ratelimit-*} headers of this request's admission. */
    public RateLimitHeaders rateLimitHeaders() { return rateLimitHeaders; }

    /** The candidate whose output is reaching the client, or null before a stream's first chunk. */
    public Candidate serving() {
        return serving;
    }

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
                    sane.usage(), problem, sane.unpriced());
        }
        if (problem != null) {
            // Only numbers and the provider's own name: nothing client-chosen reaches this line.
            log.warn("provider protocol error ({}): {} reported usage prompt={} completion={} cached={}; charged {} tokens",
                    problem.label(), served.provider().name(), usage.promptTokens(), usage.completionTokens(),
                    usage.cachedTokens(), charge.tokens());
        }
        if (charge.unpriced()) UnpricedModels.seen(served);
        reservation.settle(charge.tokens(), charge.usdMicros());
        keyReservations.forEach(r -> r.settle(charge.tokens(), charge.usdMicros()));
        limits.settle(charge.tokens());
        if (recorded.compareAndSet(false, true)) {
            ledger.record(served.provider().name(), served.model(),
                    LedgerCounts.settled(charge.tokens(), charge.usdMicros(), charge.usage(), charge.unpriced()));
        }
        return charge;
    }

    /**
     * Settles a request served from the response cache: charged {@code tokens} and
     * {@code usdMicros} (the operator's fraction of what the original cost, 0 by default) on the
     * tenant's, key's and team's budgets and the token rate limit, with no usage (nothing ran upstream).
     */
    public Charge settleCached(Candidate served, long tokens, long usdMicros) {
        serving = served;
        Charge charge = new Charge(tokens, usdMicros, null, null, false);
        reservation.settle(tokens, usdMicros);
        keyReservations.forEach(r -> r.settle(tokens, usdMicros));
        limits.settle(tokens);
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

    private static Charge charged(Candidate served, Usage usage, UsageCheck.Problem problem) {
        return new Charge(usage.promptTokens() + (long) usage.completionTokens(),
                served.price() == null ? 0 : served.price().costMicros(usage), usage, problem, unpriced(served.price()));
    }

    private static boolean unpriced(Price price) {
        return price == null || price.assumed();
    }

    private Charge estimated(Candidate served, Usage usage, UsageCheck.Problem problem) {
        return new Charge(estimate.tokens(), served.price() == null ? 0
                : served.price().maxCostMicros(estimate.promptTokens(), estimate.outputTokens()), usage, problem,
                unpriced(served.price()));
    }

    @Override
    public void close() {
        if (!reservation.done()) {
            Candidate partial = serving;
            if (partial != null) settle(partial, null);
            else reservation.release();
        }
        keyReservations.forEach(Reservation::release); // does nothing once settled
        limits.release(); // does nothing once settled
    }
}
