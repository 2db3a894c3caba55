package dev.llmgateway.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.budget.Budget;
import dev.llmgateway.core.budget.Budgets;
import dev.llmgateway.core.budget.Estimate;
import dev.llmgateway.core.budget.InMemoryUsageStore;
import dev.llmgateway.core.budget.Period;
import dev.llmgateway.core.budget.Totals;
import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.core.providers.ModelResolver;
import dev.llmgateway.core.routing.InMemoryRouteStore;
import dev.llmgateway.core.routing.PriceTable;
import dev.llmgateway.core.routing.RouteCache;
import dev.llmgateway.core.routing.Router;
import dev.llmgateway.core.routing.TargetHealth;
import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.Provider;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.tenant.Tenant;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static final Instant NOW = Instant.parse("2025-11-25T22:00:00Z");
    private final InMemoryUsageStore usage = new InMemoryUsageStore(Clock.fixed(NOW, ZoneOffset.UTC));
    private final Budgets budgets = new Budgets(usage, Clock.fixed(NOW, ZoneOffset.UTC));
    private final Planner planner = new Planner(new Router(
            new ModelResolver(Catalogue.ALL, Map.of("openai", provider("openai"))),
            new RouteCache(new InMemoryRouteStore(), Duration.ofSeconds(10)), PriceTable.defaults(),
            new TargetHealth(TargetHealth.Settings.DEFAULTS), new SplittableRandom(1)),
            budgets, Estimate.Settings.DEFAULTS);

    private static ChatRequest request(String model, int maxTokens) {
        return ChatRequest.parse(("{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}]}").getBytes(StandardCharsets.UTF_8));
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

    private static Provider provider(String name) {
        return new Provider() {
            public String name() { return name; }
            public Completion complete(ChatRequest request, String model) { throw new UnsupportedOperationException(); }
            public StreamResult stream(ChatRequest request, String model, ChunkSink sink) { throw new UnsupportedOperationException(); }
            public List<String> models() { return List.of(); }
        };
    }
}
