package dev.llmgateway.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.TokenCount;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.api.UsageCheck;
import dev.llmgateway.core.budget.Budget;
import dev.llmgateway.core.budget.Budgets;
import dev.llmgateway.core.budget.Estimate;
import dev.llmgateway.core.budget.InMemoryUsageStore;
import dev.llmgateway.core.budget.Period;
import dev.llmgateway.core.budget.Totals;
import dev.llmgateway.core.routing.PriceTable;
import dev.llmgateway.core.tenant.Tenant;
import dev.llmgateway.core.testing.Planners;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static final Instant NOW = Instant.parse("2025-11-25T22:00:00Z");
    private final InMemoryUsageStore usage = new InMemoryUsageStore(Clock.fixed(NOW, ZoneOffset.UTC));
    private final Budgets budgets = new Budgets(usage, Clock.fixed(NOW, ZoneOffset.UTC));
    private final Planner planner = Planners.openAi(budgets);

    private static ChatRequest request(String model, int maxTokens) {
        return Planners.request(model, maxTokens);
    }

    private static Tenant tenant(Long tokensPerDay, String usdPerDay) {
        return new Tenant("acme", "Acme", new Budget(tokensPerDay, null, usdPerDay == null ? null : new BigDecimal(usdPerDay), null,
                80, Map.of("gpt-4o", "gpt-4o-mini")));
    }

    private void used(long tokens, long usdMicros) {
        usage.add(Period.DAY.key("acme", NOW), new Totals(tokens, usdMicros, 0), Long.MAX_VALUE);
    }

    @Test
    void underTheSoftThresholdTheRequestedModelIsServedAndSettlementRecordsTheRealUsageAndCost() {
        Tenant acme = tenant(10_000L, null);
        try (Plan plan = planner.plan(acme, request("gpt-4o", 100))) {
            assertThat(plan.downgrade()).isNull();
            assertThat(plan.routing().candidates().getFirst().model()).isEqualTo("gpt-4o");
            assertThat(budgets.usage("acme", Period.DAY).tokens()).as("reserved while in flight").isEqualTo(plan.estimate().tokens());
            Plan.Charge charge = plan.settle(plan.routing().candidates().getFirst(), Usage.of(1_000_000, 100_000, 400_000));
            // gpt-4o: 600k uncached x $2.50 + 400k cached x $1.25 + 100k out x $10 per 1M = $1.50 + $0.50 + $1.00
            assertThat(charge.usdMicros()).isEqualTo(3_000_000);
        }
        assertThat(budgets.usage("acme", Period.DAY)).isEqualTo(new Totals(1_100_000, 3_000_000, 1));
    }

    @Test
    void overTheSoftThresholdTheDowngradeIsServed() {
        used(8_000, 0); // 80% of 10,000
        try (Plan plan = planner.plan(tenant(10_000L, null), request("gpt-4o", 100))) {
            assertThat(plan.downgrade().header()).isEqualTo("gpt-4o->gpt-4o-mini");
            assertThat(plan.routing().candidates()).singleElement().satisfies(c -> assertThat(c.model()).isEqualTo("gpt-4o-mini"));
            assertThat(budgets.usage("acme", Period.DAY).tokens()).as("only the downgrade's reservation is held")
                    .isEqualTo(8_000 + plan.estimate().tokens());
        }
        assertThat(budgets.usage("acme", Period.DAY).tokens()).as("closing unsettled releases").isEqualTo(8_000);
    }

    @Test
    void atTheUsdCapTheCheaperModelIsServedIfItFits() {
        // $0.01 cap; gpt-4o with 2,000 output tokens needs about $0.02, gpt-4o-mini about $0.0012.
        used(0, 5_000);
        try (Plan plan = planner.plan(tenant(null, "0.01"), request("gpt-4o", 2000))) {
            assertThat(plan.downgrade().header()).isEqualTo("gpt-4o->gpt-4o-mini");
        }
    }

    @Test
    void atTheCapWithoutADowngradeThatFitsTheRequestIsRefusedWith429BudgetExceeded() {
        used(9_990, 0);
        assertThatThrownBy(() -> planner.plan(tenant(10_000L, null), request("gpt-4o", 100)))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.code()).isEqualTo("budget_exceeded");
                    assertThat(e.type()).isEqualTo("insufficient_quota");
                    assertThat(e.retryAfter()).as("until the day resets at midnight UTC").isEqualTo(Duration.ofHours(2));
                });
        assertThat(budgets.usage("acme", Period.DAY).tokens()).isEqualTo(9_990);
    }

    @Test
    void aTenantWithoutABudgetIsOnlyRecorded() {
        Tenant free = new Tenant("free", "free", null);
        try (Plan plan = planner.plan(free, request("gpt-4o-mini", 100))) {
            assertThat(budgets.usage("free", Period.DAY)).as("no write before the call").isEqualTo(Totals.ZERO);
            plan.settle(plan.routing().candidates().getFirst(), Usage.of(10, 5));
        }
        assertThat(budgets.usage("free", Period.MONTH)).isEqualTo(new Totals(15, 5, 1)); // 10 x 0.15 + 5 x 0.60 = 4.5 micro-USD, rounded up
    }

    @Test
    void withoutUsageFromTheUpstreamTheEstimateIsCharged() {
        Tenant acme = tenant(100_000L, null);
        try (Plan plan = planner.plan(acme, request("gpt-4o", 100))) {
            plan.settle(plan.routing().candidates().getFirst(), null);
            assertThat(budgets.usage("acme", Period.DAY).tokens()).isEqualTo(plan.estimate().tokens());
        }
    }

    @Test
    void aStreamThatBrokeOffAfterItsFirstChunkIsChargedTheEstimateAndOneThatNeverStartedIsReleased() {
        Tenant acme = tenant(100_000L, null);
        long estimate;
        try (Plan plan = planner.plan(acme, request("gpt-4o", 100))) {
            estimate = plan.estimate().tokens();
            plan.serving(plan.routing().candidates().getFirst());
        }
        assertThat(budgets.usage("acme", Period.DAY)).isEqualTo(new Totals(estimate, 
                PriceTable.defaults().lookup("openai", "gpt-4o").maxCostMicros(estimate - 100, 100), 1));
        try (Plan plan = planner.plan(acme, request("gpt-4o", 100))) {
            assertThat(budgets.usage("acme", Period.DAY).tokens()).isEqualTo(2 * estimate);
        }
        assertThat(budgets.usage("acme", Period.DAY).tokens()).isEqualTo(estimate);
    }

    // ---- finding 1: upstream usage is a number from outside ----

    @Test
    void negativeUpstreamUsageIsAProtocolErrorAndIsChargedTheReservationNeverACredit() {
        Tenant acme = tenant(100_000L, "100");
        for (int i = 0; i < 50; i++) {
            try (Plan plan = planner.plan(acme, request("gpt-4o", 100))) {
                Plan.Charge charge = plan.settle(plan.routing().candidates().getFirst(), Usage.of(-1_000_000, -5));
                assertThat(charge.problem()).isEqualTo(UsageCheck.Problem.NEGATIVE);
                assertThat(charge.tokens()).as("at least what was reserved").isEqualTo(plan.estimate().tokens());
                assertThat(charge.usdMicros()).isEqualTo(plan.reservation().reserved().usdMicros()).isPositive();
                assertThat(charge.usage()).as("metrics count no negative tokens").isEqualTo(Usage.of(0, 0));
            }
        }
        Totals day = budgets.usage("acme", Period.DAY);
        assertThat(day.tokens()).isEqualTo(50 * Estimate.of(request("gpt-4o", 100), Estimate.Settings.DEFAULTS).tokens());
        assertThat(day.usdMicros()).isPositive();
        assertThat(day.requests()).isEqualTo(50);
    }

    @Test
    void absurdUpstreamUsageIsChargedAtMostTheSaneBoundAndAtLeastTheReservation() {
        Planner bounded = Planners.openAi(budgets, new UsageCheck(10_000));
        long estimate;
        try (Plan plan = bounded.plan(tenant(null, "1000"), request("gpt-4o", 100))) {
            estimate = plan.estimate().tokens();
            Plan.Charge charge = plan.settle(plan.routing().candidates().getFirst(), Usage.of(Integer.MAX_VALUE, 5));
            assertThat(charge.problem()).isEqualTo(UsageCheck.Problem.ABSURD);
            assertThat(charge.tokens()).as("the prompt made plausible: the bound").isEqualTo(10_005);
        }
        try (Plan plan = bounded.plan(tenant(null, "1000"), request("gpt-4o", 100))) {
            Plan.Charge charge = plan.settle(plan.routing().candidates().getFirst(), Usage.of(TokenCount.UNREADABLE, 5));
            assertThat(charge.problem()).isEqualTo(UsageCheck.Problem.NOT_A_NUMBER);
            assertThat(charge.tokens()).as("the reservation").isEqualTo(estimate);
        }
        assertThat(budgets.usage("acme", Period.DAY).tokens()).isEqualTo(10_005 + estimate);
    }

    @Test
    void moreOutputThanTheRequestAllowedIsAProtocolErrorButChargedAsReported() {
        try (Plan plan = planner.plan(tenant(100_000L, null), request("gpt-4o", 10))) {
            Plan.Charge charge = plan.settle(plan.routing().candidates().getFirst(), Usage.of(20, 5_000));
            assertThat(charge.problem()).isEqualTo(UsageCheck.Problem.ABOVE_MAX_TOKENS);
            assertThat(charge.tokens()).isEqualTo(5_020);
        }
        assertThat(budgets.usage("acme", Period.DAY).tokens()).as("the next requests see the real counter").isEqualTo(5_020);
    }

    @Test
    void aReservationNeverGivesBackMoreThanItHeld() {
        try (Plan plan = planner.plan(tenant(100_000L, null), request("gpt-4o", 100))) {
            plan.reservation().settle(-1_000_005, -3); // what an unchecked settlement used to pass
        }
        assertThat(budgets.usage("acme", Period.DAY)).isEqualTo(new Totals(0, 0, 1));
    }

    // ---- finding 2: the hard-cap mode ----

    private static Tenant hard(Long tokensPerDay, String usdPerDay) {
        return new Tenant("acme", "Acme", new Budget(tokensPerDay, null, usdPerDay == null ? null : new BigDecimal(usdPerDay), null,
                80, Map.of(), Budget.Mode.HARD));
    }

    @Test
    void inTheHardModeMaxTokensAreBoundedToWhatIsLeftAfterTheTokenizedPrompt() {
        used(900, 0);
        try (Plan plan = planner.plan(hard(1_000L, null), request("gpt-4o", 500))) {
            // "Hello there" is 2 tokens in o200k_base, + 4 for the message + 3 for the reply.
            assertThat(plan.estimate().promptTokens()).isEqualTo(9);
            assertThat(plan.boundedMaxTokens()).isEqualTo(91);
            assertThat(plan.request().maxTokens()).isEqualTo(91);
            assertThat(plan.request().raw().get("max_tokens").asInt()).as("the field the client sent").isEqualTo(91);
            assertThat(budgets.usage("acme", Period.DAY).tokens()).isEqualTo(1_000);
            Plan.Charge charge = plan.settle(plan.routing().candidates().getFirst(), Usage.of(9, 5_000));
            assertThat(charge.problem()).isEqualTo(UsageCheck.Problem.ABOVE_MAX_TOKENS);
            assertThat(charge.tokens()).as("output above the bound is not charged").isEqualTo(100);
        }
        assertThat(budgets.usage("acme", Period.DAY).tokens()).isEqualTo(1_000);
        assertThatThrownBy(() -> planner.plan(hard(1_000L, null), request("gpt-4o", 500)))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.code()).isEqualTo(GatewayError.BUDGET_EXCEEDED));
    }

    @Test
    void inTheHardModeAClientMaxThatFitsIsKeptAndAUsdCapBoundsTheOutputAtTheOutputPrice() {
        try (Plan plan = planner.plan(hard(100_000L, null), request("gpt-4o", 50))) {
            assertThat(plan.boundedMaxTokens()).isNull();
            assertThat(plan.request().maxTokens()).isEqualTo(50);
        }
        // gpt-4o: $2.50 in, $10 out per 1M tokens. $0.001 left = 1,000 micro-USD: 9 prompt tokens cost 23 (rounded up),
        // the remaining 977 buy 97 output tokens at 10 micro-USD each.
        try (Plan plan = planner.plan(hard(null, "0.001"), request("gpt-4o", 500))) {
            assertThat(plan.boundedMaxTokens()).isEqualTo(97);
        }
    }
}
