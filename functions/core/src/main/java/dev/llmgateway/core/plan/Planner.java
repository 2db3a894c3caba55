package dev.llmgateway.core.plan;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.MessagesRequest;
import dev.llmgateway.core.api.UsageCheck;
import dev.llmgateway.core.budget.Budgets;
import dev.llmgateway.core.budget.Caps;
import dev.llmgateway.core.budget.OpenAiTokenizer;
import dev.llmgateway.core.budget.Estimate;
import dev.llmgateway.core.budget.Totals;
import dev.llmgateway.core.routing.Candidate;
import dev.llmgateway.core.routing.Router;
import dev.llmgateway.core.routing.Routing;
import dev.llmgateway.core.tenant.Tenant;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Plans a request: routes its model, reserves its estimate in the tenant's budget, and downgrades
 * it ({@code budget.downgrade}) when the tenant is over the soft threshold, or at a cap that the
 * cheaper model still fits under. At a cap with no downgrade that fits the request is refused with
 * 429 {@code budget_exceeded}.
 */
public final class Planner {
    private final Router router;
    private final Budgets budgets;
    private final Estimate.Settings estimates;
    private final UsageCheck usageCheck;
    /** Reads of the remaining budget per request in the hard-cap mode before it is refused as over the cap. */
    private static final int HARD_CAP_ATTEMPTS = 3;

    public Planner(Router router, Budgets budgets, Estimate.Settings estimates) {
        this(router, budgets, estimates, UsageCheck.DEFAULT);
    }

    public Planner(Router router, Budgets budgets, Estimate.Settings estimates, UsageCheck usageCheck) {
        this.router = router;
        this.budgets = budgets;
        this.estimates = estimates;
        this.usageCheck = usageCheck;
    }

    public Plan plan(Tenant tenant, ChatRequest request) {
        Routing routing = router.route(request.model());
        if (tenant.budget() != null && tenant.budget().hardCap()) return hardCapped(tenant, request, routing);
        return reserve(tenant, request.model(), request, outputLimit(request), routing, Estimate.of(request, estimates), null);
    }

    /**
     * Plans an Anthropic Messages request, estimated from its own shape. It is not rewritten, so in
     * the hard-cap mode its max_tokens is not bounded: it is reserved whole, or refused.
     */
    public Plan plan(Tenant tenant, MessagesRequest request) {
        return reserve(tenant, request.model(), null, request.maxTokens() == null ? null : (long) request.maxTokens(),
                router.route(request.model()), estimate(request), null);
    }

    /** The budget estimate of a Messages request (also the documented count_tokens estimate off Anthropic). */
    public Estimate estimate(MessagesRequest request) {
        return Estimate.of(request, estimates);
    }

    private static Long outputLimit(ChatRequest request) {
        return request.maxTokens() == null ? null : (long) request.maxTokens() * Math.max(1, request.n());
    }

    /**
     * The hard-cap mode: the prompt is counted with the tokenizer when every candidate is an
     * OpenAI-family model (else the conservative bytes estimate), and the request's max tokens per
     * choice are bounded to what the remaining budget leaves after the prompt. The remaining budget
     * is read, then reserved conditionally; if another request took it in between, it is read again.
     */
    private Plan hardCapped(Tenant tenant, ChatRequest request, Routing routing) {
        boolean tokenizer = !routing.candidates().isEmpty()
                && routing.candidates().stream().allMatch(c -> OpenAiTokenizer.counts(c.model()));
        Estimate estimate = tokenizer ? Estimate.tokenized(request, estimates, OpenAiTokenizer::count) : Estimate.of(request, estimates);
        long wanted = request.maxTokens() != null ? request.maxTokens() : estimates.defaultMaxTokens();
        for (int attempt = 1; ; attempt++) {
            long max = Math.min(wanted, outputAllowed(budgets.remaining(tenant.id(), tenant.budget()), routing, estimate.promptTokens(), request.n()));
            if (max < 1) return reserve(tenant, request.model(), request, outputLimit(request), routing, estimate, null); // nothing fits: refused (or downgraded) as usual
            ChatRequest bounded = max == wanted && request.maxTokens() != null ? request : request.withMaxTokens((int) max);
            try {
                return reserve(tenant, bounded.model(), bounded, outputLimit(bounded), routing, estimate.withOutputPerChoice(request, max),
                        bounded == request ? null : (int) max);
            } catch (GatewayError e) {
                if (!GatewayError.BUDGET_EXCEEDED.equals(e.code()) || attempt == HARD_CAP_ATTEMPTS) throw e;
            }
        }
    }

    /** The output tokens per choice that the remaining tokens and USD leave after the prompt, at the dearest candidate. */
    private static long outputAllowed(Caps left, Routing routing, long promptTokens, int n) {
        long choices = Math.max(1, n);
        long allowed = left.tokens() == null ? Long.MAX_VALUE : (left.tokens() - promptTokens) / choices;
        if (left.usdMicros() != null) {
            for (Candidate c : routing.candidates()) {
                if (c.price() == null || c.price().output().signum() == 0) continue;
                long afterPrompt = left.usdMicros() - c.price().maxCostMicros(promptTokens, 0);
                long tokens = BigDecimal.valueOf(Math.max(0, afterPrompt)).divide(c.price().output(), 0, RoundingMode.FLOOR).longValue();
                allowed = Math.min(allowed, tokens / choices);
            }
        }
        return Math.min(allowed, Integer.MAX_VALUE);
    }

    private Plan reserve(Tenant tenant, String model, ChatRequest request, Long outputLimit, Routing routing, Estimate estimate,
                         Integer bounded) {
        boolean hard = tenant.budget() != null && tenant.budget().hardCap();
        String cheaper = tenant.budget() == null ? null : tenant.budget().downgrade().get(model);
        Budgets.Outcome outcome = budgets.reserve(tenant.id(), tenant.budget(), amount(routing, estimate));
        switch (outcome) {
            case Budgets.Outcome.Reserved r when r.overSoftThreshold() && cheaper != null -> {
                Routing down = router.route(cheaper);
                if (budgets.reserve(tenant.id(), tenant.budget(), amount(down, estimate)) instanceof Budgets.Outcome.Reserved d) {
                    r.reservation().release();
                    return new Plan(tenant.id(), down, d.reservation(), new Plan.Downgrade(model, cheaper), estimate,
                            request, outputLimit, bounded, hard, usageCheck);
                }
                return new Plan(tenant.id(), routing, r.reservation(), null, estimate, request, outputLimit, bounded, hard, usageCheck); // the original still fits
            }
            case Budgets.Outcome.Reserved r -> {
                return new Plan(tenant.id(), routing, r.reservation(), null, estimate, request, outputLimit, bounded, hard, usageCheck);
            }
            case Budgets.Outcome.Exceeded e -> {
                if (cheaper != null) {
                    Routing down = router.route(cheaper);
                    if (budgets.reserve(tenant.id(), tenant.budget(), amount(down, estimate)) instanceof Budgets.Outcome.Reserved d) {
                        return new Plan(tenant.id(), down, d.reservation(), new Plan.Downgrade(model, cheaper), estimate,
                                request, outputLimit, bounded, hard, usageCheck);
                    }
                }
                throw GatewayError.budgetExceeded("Budget exceeded for tenant '" + tenant.id() + "': this request (up to "
                        + estimate.tokens() + " tokens) does not fit in the " + (e.period() == dev.llmgateway.core.budget.Period.DAY ? "daily" : "monthly") + " " + e.dimension()
                        + " cap. Lower max_tokens, or wait until the period resets.", e.resetsIn());
            }
        }
    }

    /**
     * The reservation: estimated tokens, and their cost at the most expensive candidate (the request
     * may fail over to it). A candidate without a known price adds nothing to the USD estimate.
     */
    static Totals amount(Routing routing, Estimate estimate) {
        long usd = 0;
        for (Candidate c : routing.candidates()) {
            if (c.price() != null) usd = Math.max(usd, c.price().maxCostMicros(estimate.promptTokens(), estimate.outputTokens()));
        }
        return new Totals(estimate.tokens(), usd, 0);
    }
}
