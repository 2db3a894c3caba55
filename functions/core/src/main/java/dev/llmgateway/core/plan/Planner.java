package dev.llmgateway.core.plan;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.MessagesRequest;
import dev.llmgateway.core.budget.Budgets;
import dev.llmgateway.core.budget.Estimate;
import dev.llmgateway.core.budget.Totals;
import dev.llmgateway.core.routing.Candidate;
import dev.llmgateway.core.routing.Router;
import dev.llmgateway.core.routing.Routing;
import dev.llmgateway.core.tenant.Tenant;

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

    public Planner(Router router, Budgets budgets, Estimate.Settings estimates) {
        this.router = router;
        this.budgets = budgets;
        this.estimates = estimates;
    }

    public Plan plan(Tenant tenant, ChatRequest request) {
        return plan(tenant, request.model(), Estimate.of(request, estimates));
    }

    /** Plans an Anthropic Messages request, estimated from its own shape. */
    public Plan plan(Tenant tenant, MessagesRequest request) {
        return plan(tenant, request.model(), estimate(request));
    }

    /** The budget estimate of a Messages request (also the documented count_tokens estimate off Anthropic). */
    public Estimate estimate(MessagesRequest request) {
        return Estimate.of(request, estimates);
    }

    private Plan plan(Tenant tenant, String model, Estimate estimate) {
        Routing routing = router.route(model);
        String cheaper = tenant.budget() == null ? null : tenant.budget().downgrade().get(model);
        Budgets.Outcome outcome = budgets.reserve(tenant.id(), tenant.budget(), amount(routing, estimate));
        switch (outcome) {
            case Budgets.Outcome.Reserved r when r.overSoftThreshold() && cheaper != null -> {
                Routing down = router.route(cheaper);
                if (budgets.reserve(tenant.id(), tenant.budget(), amount(down, estimate)) instanceof Budgets.Outcome.Reserved d) {
                    r.reservation().release();
                    return new Plan(tenant.id(), down, d.reservation(), new Plan.Downgrade(model, cheaper), estimate);
                }
                return new Plan(tenant.id(), routing, r.reservation(), null, estimate); // the original still fits
            }
            case Budgets.Outcome.Reserved r -> {
                return new Plan(tenant.id(), routing, r.reservation(), null, estimate);
            }
            case Budgets.Outcome.Exceeded e -> {
                if (cheaper != null) {
                    Routing down = router.route(cheaper);
                    if (budgets.reserve(tenant.id(), tenant.budget(), amount(down, estimate)) instanceof Budgets.Outcome.Reserved d) {
                        return new Plan(tenant.id(), down, d.reservation(), new Plan.Downgrade(model, cheaper), estimate);
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
