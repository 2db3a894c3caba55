package dev.llmgateway.core.plan;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.budget.Budgets;
import dev.llmgateway.core.budget.Estimate;
import dev.llmgateway.core.budget.Period;
import dev.llmgateway.core.budget.Totals;
import dev.llmgateway.core.routing.Candidate;
import dev.llmgateway.core.routing.Router;
import dev.llmgateway.core.routing.Routing;
import dev.llmgateway.core.tenant.Tenant;
import java.util.List;

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
        Estimate estimate = Estimate.of(request, estimates);
        Routing routing = priced(tenant, router.route(request.model()));
        String cheaper = tenant.budget() == null ? null : tenant.budget().downgrade().get(request.model());
        Budgets.Outcome outcome = budgets.reserve(tenant.id(), tenant.budget(), amount(routing, estimate));
        boolean downgrade = cheaper != null
                && (outcome instanceof Budgets.Outcome.Exceeded || ((Budgets.Outcome.Reserved) outcome).overSoftThreshold());
        if (!downgrade) return served(tenant, routing, outcome, estimate);
        // Near a cap both reservations may not fit at once: give the original back before the cheaper one is tried.
        if (outcome instanceof Budgets.Outcome.Reserved r) r.reservation().release();
        Routing down = priced(tenant, router.route(cheaper));
        if (budgets.reserve(tenant.id(), tenant.budget(), amount(down, estimate)) instanceof Budgets.Outcome.Reserved d) {
            return new Plan(tenant.id(), down, d.reservation(), new Plan.Downgrade(request.model(), cheaper), estimate, estimates.tokensPerImage());
        }
        // The cheaper model does not fit (its price is higher, or a concurrent request took the room).
        if (outcome instanceof Budgets.Outcome.Reserved) outcome = budgets.reserve(tenant.id(), tenant.budget(), amount(routing, estimate));
        return served(tenant, routing, outcome, estimate);
    }

    /**
     * A tenant with a USD cap cannot be served by a model without a price (its cost would be
     * unknown): such candidates are dropped, and a request left with none is refused. With an
     * assumed default price configured no candidate is unpriced.
     */
    private static Routing priced(Tenant tenant, Routing routing) {
        if (tenant.budget() == null || (tenant.budget().usdPerDay() == null && tenant.budget().usdPerMonth() == null)) return routing;
        List<Candidate> priced = routing.candidates().stream().filter(c -> c.price() != null).toList();
        if (priced.size() == routing.candidates().size()) return routing;
        if (priced.isEmpty()) {
            throw GatewayError.invalidRequest("The model '" + routing.model() + "' has no known price, and tenant '" + tenant.id()
                    + "' has a USD budget. Give the route target a price, or configure a default price for unpriced models.",
                    "model", "model_unpriced");
        }
        return new Routing(routing.model(), routing.route(), priced);
    }

    private Plan served(Tenant tenant, Routing routing, Budgets.Outcome outcome, Estimate estimate) {
        return switch (outcome) {
            case Budgets.Outcome.Reserved r -> new Plan(tenant.id(), routing, r.reservation(), null, estimate, estimates.tokensPerImage());
            case Budgets.Outcome.Exceeded e -> throw GatewayError.budgetExceeded("Budget exceeded for tenant '" + tenant.id()
                    + "': this request (up to " + estimate.tokens() + " tokens) does not fit in the "
                    + (e.period() == Period.DAY ? "daily" : "monthly") + " " + e.dimension()
                    + " cap. Lower max_tokens, or wait until the period resets.", e.resetsIn());
        };
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
