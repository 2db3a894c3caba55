package dev.llmgateway.core.plan;

import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.budget.Estimate;
import dev.llmgateway.core.budget.Reservation;
import dev.llmgateway.core.routing.Candidate;
import dev.llmgateway.core.routing.Routing;

/**
 * How one request will be served: where it may go, what it holds of the tenant's budget, and
 * whether it was downgraded ({@code "gpt-4o->gpt-4o-mini"}, else null). Closing the plan releases
 * whatever was not settled, so every exit path of the request gives unused budget back.
 */
public record Plan(String tenantId, Routing routing, Reservation reservation, String downgrade, Estimate estimate)
        implements AutoCloseable {

    /** Records what the serving candidate reported. Without usage (some upstreams send none) the estimate is charged. */
    public Charge settle(Candidate served, Usage usage) {
        Charge charge = usage == null
                ? new Charge(estimate.tokens(), served.price() == null ? 0 : served.price().maxCostMicros(estimate.promptTokens(), estimate.outputTokens()))
                : new Charge(usage.promptTokens() + (long) usage.completionTokens(), served.price() == null ? 0 : served.price().costMicros(usage));
        reservation.settle(charge.tokens(), charge.usdMicros());
        return charge;
    }

    @Override
    public void close() {
        reservation.release();
    }

    /** What a request was charged: tokens and micro-USD. */
    public record Charge(long tokens, long usdMicros) {}
}
