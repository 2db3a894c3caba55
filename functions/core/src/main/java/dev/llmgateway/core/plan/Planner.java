package dev.llmgateway.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.EmbeddingsRequest;
import dev.llmgateway.core.api.MessagesRequest;
import dev.llmgateway.core.api.ResponsesRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.UsageCheck;
import dev.llmgateway.core.budget.Budgets;
import dev.llmgateway.core.budget.Caps;
import dev.llmgateway.core.budget.OpenAiTokenizer;
import dev.llmgateway.core.budget.Estimate;
import dev.llmgateway.core.budget.Reservation;
import dev.llmgateway.core.limit.LimitHold;
import dev.llmgateway.core.limit.OpenAiDuration;
import dev.llmgateway.core.limit.RateLimiter;
import dev.llmgateway.core.limit.Scope;
import dev.llmgateway.core.tenant.ApiKey;
import dev.llmgateway.core.tenant.Caller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import dev.llmgateway.core.budget.Totals;
import dev.llmgateway.core.routing.Candidate;
import dev.llmgateway.core.routing.Router;
import dev.llmgateway.core.routing.Routing;
import dev.llmgateway.core.tenant.Team;
import dev.llmgateway.core.tenant.Tenant;
import dev.llmgateway.core.ledger.LedgerAccount;
import dev.llmgateway.core.ledger.UsageLedger;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
    private final RateLimiter limiter;
    private final UsageLedger ledger;
    /** The budget counters of a key are kept under this prefix and the key's hash (tenant ids cannot contain ':'). */
    public static final String KEY_ACCOUNT = "key:";
    /** Reads of the remaining budget per request in the hard-cap mode before it is refused as over the cap. */
    private static final int HARD_CAP_ATTEMPTS = 3;

    public Planner(Router router, Budgets budgets, Estimate.Settings estimates) {
        this(router, budgets, estimates, UsageCheck.DEFAULT);
    }

    public Planner(Router router, Budgets budgets, Estimate.Settings estimates, UsageCheck usageCheck) {
        this(router, budgets, estimates, usageCheck, null);
    }

    /** @param limiter the rate limiter; null for none */
    public Planner(Router router, Budgets budgets, Estimate.Settings estimates, UsageCheck usageCheck, RateLimiter limiter) {
        this(router, budgets, estimates, usageCheck, limiter, null);
    }

    /** @param ledger where settled usage is recorded per tenant, day, key and model; null for nowhere */
    public Planner(Router router, Budgets budgets, Estimate.Settings estimates, UsageCheck usageCheck, RateLimiter limiter,
                   UsageLedger ledger) {
        this.ledger = ledger;
        this.limiter = limiter;
        this.router = router;
        this.budgets = budgets;
        this.estimates = estimates;
        this.usageCheck = usageCheck;
    }

    public Plan plan(Tenant tenant, ChatRequest request) {
        return plan(new Caller(tenant, null), request);
    }

    public Plan plan(Caller caller, ChatRequest request) {
        return admitted(caller, request.model(), Estimate.of(request, estimates), () -> budgeted(caller.tenant(), request));
    }

    public Plan plan(Tenant tenant, MessagesRequest request) {
        return plan(new Caller(tenant, null), request);
    }

    /**
     * Plans an Anthropic Messages request, estimated from its own shape. It is not rewritten, so in
     * the hard-cap mode its max_tokens is not bounded: it is reserved whole, or refused.
     */
    public Plan plan(Caller caller, MessagesRequest request) {
        Estimate estimate = estimate(request);
        Long outputLimit = request.maxTokens() == null ? null : (long) request.maxTokens();
        return admitted(caller, request.model(), estimate, () -> reserve(caller.tenant(), request.model(), null, outputLimit,
                priced(caller.tenant(), router.route(request.model())), estimate, null));
    }

    /**
     * Plans a Responses request, estimated from its own shape and the conversation it continues
     * ({@code promptItems}). As with Messages it is not rewritten: its max_output_tokens is reserved whole.
     */
    public Plan plan(Caller caller, ResponsesRequest request, JsonNode promptItems) {
        Estimate estimate = Estimate.of(request, promptItems, estimates);
        Long outputLimit = request.maxOutputTokens() == null ? null : (long) request.maxOutputTokens();
        return admitted(caller, request.model(), estimate, () -> reserve(caller.tenant(), request.model(), null, outputLimit,
                priced(caller.tenant(), router.route(request.model())), estimate, null));
    }

    /** Plans an embeddings request: its input tokens are reserved, it has no output. */
    public Plan plan(Caller caller, EmbeddingsRequest request) {
        Estimate estimate = Estimate.of(request, estimates);
        return admitted(caller, request.model(), estimate, () -> reserve(caller.tenant(), request.model(), null, 0L,
                priced(caller.tenant(), router.route(request.model())), estimate, null));
    }

    /** The budget estimate of a Messages request (also the documented count_tokens estimate off Anthropic). */
    public Estimate estimate(MessagesRequest request) {
        return Estimate.of(request, estimates);
    }

    /** The key's model lists and the rate limits, then the tenant's budget ({@code budgeted}), then the key's budget. */
    private Plan admitted(Caller caller, String model, Estimate estimate, Supplier<Plan> budgeted) {
        if (caller.key() != null && !caller.key().policy().allows(model)) throw GatewayError.modelNotAllowed(model);
        RateLimiter.Outcome.Admitted admitted = admit(caller, model, estimate);
        try {
            Plan plan = budgeted.get();
            List<Reservation> keyReservations;
            try {
                keyReservations = ownBudgets(caller, plan, plan.estimate());
            } catch (RuntimeException e) {
                plan.reservation().release();
                throw e;
            }
            return plan.withLimits(admitted.hold(), admitted.headers(), keyReservations, ledger == null ? LedgerAccount.NONE
                    : new LedgerAccount(ledger, caller.tenant().id(), caller.key() == null ? null : caller.key().hash(),
                            LocalDate.ofInstant(budgets.now(), ZoneOffset.UTC)));
        } catch (RuntimeException e) {
            admitted.hold().cancel();
            throw e;
        }
    }

    /**
     * Reserves the request in its key's and its team's own budgets (caps only), after the tenant's:
     * their counters are items of their own ({@code key:<hash>#d#...}, {@code team:<tenant>/<team>#d#...}),
     * so the tightest cap wins. When one is exceeded, those already reserved are released.
     */
    private List<Reservation> ownBudgets(Caller caller, Plan plan, Estimate estimate) {
        List<Reservation> reserved = new ArrayList<>(2);
        try {
            if (caller.key() != null && caller.key().policy().budget() != null) {
                reserved.add(ownBudget(KEY_ACCOUNT + caller.key().hash(), caller.key().policy().budget(), "this API key", "the key's", plan, estimate));
            }
            if (caller.team() != null && caller.team().budget() != null) {
                reserved.add(ownBudget(caller.team().account(), caller.team().budget(), "team '" + caller.team().id() + "'", "the team's", plan, estimate));
            }
            return reserved;
        } catch (RuntimeException e) {
            reserved.forEach(Reservation::release);
            throw e;
        }
    }

    private Reservation ownBudget(String account, dev.llmgateway.core.budget.Budget budget, String who, String whose, Plan plan, Estimate estimate) {
        return switch (budgets.reserve(account, budget, amount(plan.routing(), estimate))) {
            case Budgets.Outcome.Reserved r -> r.reservation();
            case Budgets.Outcome.Exceeded e -> throw GatewayError.budgetExceeded("Budget exceeded for " + who + ": this request (up to "
                    + estimate.tokens() + " tokens) does not fit in " + whose + " " + (e.period() == dev.llmgateway.core.budget.Period.DAY ? "daily" : "monthly")
                    + " " + e.dimension() + " cap. Lower max_tokens, or wait until the period resets.", e.resetsIn());
        };
    }

    private RateLimiter.Outcome.Admitted admit(Caller caller, String model, Estimate estimate) {
        if (limiter == null) return new RateLimiter.Outcome.Admitted(LimitHold.NONE, dev.llmgateway.core.limit.RateLimitHeaders.NONE);
        Tenant tenant = caller.tenant();
        List<Scope> scopes = new ArrayList<>(4);
        ApiKey key = caller.key();
        if (key != null && key.policy().limits() != null) scopes.add(new Scope(Scope.KEY, key.hash(), key.policy().limits()));
        Team team = caller.team();
        if (team != null && team.limits() != null) scopes.add(new Scope(Scope.TEAM, team.tenantId() + "/" + team.id(), team.limits()));
        if (tenant.limits() != null) scopes.add(new Scope(Scope.TENANT, tenant.id(), tenant.limits()));
        var modelLimits = tenant.modelLimits().get(model);
        if (modelLimits != null) scopes.add(new Scope(Scope.MODEL, tenant.id() + "/" + model, modelLimits));
        switch (limiter.admit(scopes, estimate.tokens())) {
            case RateLimiter.Outcome.Admitted a -> {
                return a;
            }
            case RateLimiter.Outcome.Refused r -> {
                Map<String, String> headers = new LinkedHashMap<>(r.headers().asMap());
                headers.put("retry-after-ms", Long.toString(Math.max(1, r.retryAfter().toMillis())));
                headers.put("x-should-retry", Boolean.toString(r.retryable()));
                throw GatewayError.rateLimitExceeded(r.limit() == dev.llmgateway.core.limit.Limit.TOKENS ? "tokens" : "requests",
                        refusal(r, estimate), r.retryAfter(), headers, new GatewayError.Limited(r.scope().kind(), r.limit().wireName()));
            }
        }
    }

    private static String refusal(RateLimiter.Outcome.Refused r, Estimate estimate) {
        String scope = switch (r.scope().kind()) {
            case Scope.KEY -> "this API key";
            case Scope.TEAM -> "team '" + r.scope().id().substring(r.scope().id().indexOf('/') + 1) + "'";
            case Scope.TENANT -> "tenant '" + r.scope().id() + "'";
            default -> "model '" + r.scope().id().substring(r.scope().id().indexOf('/') + 1) + "' of this tenant";
        };
        var limits = r.scope().limits();
        return switch (r.limit()) {
            case REQUESTS -> "Rate limit reached for " + scope + " on requests per minute: limit " + limits.requestsPerMinute()
                    + ". Please try again in " + OpenAiDuration.format(r.retryAfter()) + ".";
            case TOKENS -> r.retryable()
                    ? "Rate limit reached for " + scope + " on tokens per minute: limit " + limits.tokensPerMinute() + ", requested up to "
                            + estimate.tokens() + ". Please try again in " + OpenAiDuration.format(r.retryAfter()) + "."
                    : "Request too large for " + scope + ": up to " + estimate.tokens() + " tokens, above the limit of "
                            + limits.tokensPerMinute() + " tokens per minute. Lower max_tokens or shorten the messages.";
            case CONCURRENT -> "Too many requests in flight for " + scope + ": limit " + limits.maxConcurrentRequests()
                    + ". Please try again when one of them has finished.";
        };
    }

    private Plan budgeted(Tenant tenant, ChatRequest request) {
        Routing routing = priced(tenant, router.route(request.model()));
        if (tenant.budget() != null && tenant.budget().hardCap()) return hardCapped(tenant, request, routing);
        return reserve(tenant, request.model(), request, outputLimit(request), routing, Estimate.of(request, estimates), null);
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

    /** @param request the request to send, or null where the client's body is passed through (Messages) */
    private Plan reserve(Tenant tenant, String model, ChatRequest request, Long outputLimit, Routing routing, Estimate estimate,
                         Integer bounded) {
        String cheaper = tenant.budget() == null ? null : tenant.budget().downgrade().get(model);
        Budgets.Outcome outcome = budgets.reserve(tenant.id(), tenant.budget(), amount(routing, estimate));
        boolean downgrade = cheaper != null
                && (outcome instanceof Budgets.Outcome.Exceeded || ((Budgets.Outcome.Reserved) outcome).overSoftThreshold());
        if (!downgrade) return served(tenant, request, outputLimit, routing, outcome, estimate, bounded, null);
        // Near a cap both reservations may not fit at once: give the original back before the cheaper one is tried.
        if (outcome instanceof Budgets.Outcome.Reserved r) r.reservation().release();
        Routing down = priced(tenant, router.route(cheaper));
        Budgets.Outcome cheaperOutcome = budgets.reserve(tenant.id(), tenant.budget(), amount(down, estimate));
        if (cheaperOutcome instanceof Budgets.Outcome.Reserved) {
            return served(tenant, request, outputLimit, down, cheaperOutcome, estimate, bounded, new Plan.Downgrade(model, cheaper));
        }
        // The cheaper model does not fit (its price is higher, or a concurrent request took the room).
        if (outcome instanceof Budgets.Outcome.Reserved) outcome = budgets.reserve(tenant.id(), tenant.budget(), amount(routing, estimate));
        return served(tenant, request, outputLimit, routing, outcome, estimate, bounded, null);
    }

    private Plan served(Tenant tenant, ChatRequest request, Long outputLimit, Routing routing, Budgets.Outcome outcome,
                        Estimate estimate, Integer bounded, Plan.Downgrade downgrade) {
        boolean hard = tenant.budget() != null && tenant.budget().hardCap();
        return switch (outcome) {
            case Budgets.Outcome.Reserved r -> new Plan(tenant.id(), routing, r.reservation(), downgrade, estimate, request, outputLimit,
                    bounded, hard, usageCheck, estimates.tokensPerImage());
            case Budgets.Outcome.Exceeded e -> throw GatewayError.budgetExceeded("Budget exceeded for tenant '" + tenant.id()
                    + "': this request (up to " + estimate.tokens() + " tokens) does not fit in the "
                    + (e.period() == dev.llmgateway.core.budget.Period.DAY ? "daily" : "monthly") + " " + e.dimension()
                    + " cap. Lower max_tokens, or wait until the period resets.", e.resetsIn());
        };
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
