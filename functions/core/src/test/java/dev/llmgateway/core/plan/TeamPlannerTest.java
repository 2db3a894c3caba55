package dev.llmgateway.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.UsageCheck;
import dev.llmgateway.core.budget.Budget;
import dev.llmgateway.core.budget.Budgets;
import dev.llmgateway.core.budget.InMemoryUsageStore;
import dev.llmgateway.core.budget.Period;
import dev.llmgateway.core.budget.Totals;
import dev.llmgateway.core.limit.InMemoryLimitStore;
import dev.llmgateway.core.limit.Limits;
import dev.llmgateway.core.limit.RateLimiter;
import dev.llmgateway.core.config.StoreFailureMode;
import dev.llmgateway.core.tenant.ApiKey;
import dev.llmgateway.core.tenant.Caller;
import dev.llmgateway.core.tenant.KeyPolicy;
import dev.llmgateway.core.tenant.Team;
import dev.llmgateway.core.tenant.Tenant;
import dev.llmgateway.core.testing.MutableClock;
import dev.llmgateway.core.testing.Planners;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The team level: its limits and budget apply to its keys together, between the key's and the tenant's. */
class TeamPlannerTest {
    private static final Instant NOW = Instant.parse("2025-11-25T22:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryUsageStore usage = new InMemoryUsageStore(clock);
    private final Budgets budgets = new Budgets(usage, clock);
    private final Planner planner = Planners.openAi(budgets, UsageCheck.DEFAULT,
            new RateLimiter(new InMemoryLimitStore(), clock, StoreFailureMode.FAIL_CLOSED, (scope, limit) -> {}));
    private final Tenant acme = new Tenant("acme", "Acme", null);

    private static Caller caller(Tenant tenant, String hash, KeyPolicy policy, Team team) {
        return new Caller(tenant, new ApiKey(hash, tenant.id(), null, "sk-gw-" + hash, NOW, policy), team);
    }

    @Test
    void aTeamsRequestLimitIsSharedByItsKeysAndRefusesThemWhileAKeyOutsideTheTeamIsServed() {
        Team search = new Team("acme", "search", null, null, new Limits(2L, null, null));
        Caller first = caller(acme, "a1", KeyPolicy.NONE.withTeam("search"), search);
        Caller second = caller(acme, "a2", KeyPolicy.NONE.withTeam("search"), search);
        Caller outside = caller(acme, "b1", KeyPolicy.NONE, null);

        planner.plan(first, Planners.request("gpt-4o-mini", 10));
        planner.plan(second, Planners.request("gpt-4o-mini", 10));
        assertThatThrownBy(() -> planner.plan(first, Planners.request("gpt-4o-mini", 10)))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.getMessage()).contains("team 'search'").contains("requests per minute: limit 2");
                });
        assertThat(planner.plan(outside, Planners.request("gpt-4o-mini", 10))).isNotNull();
    }

    @Test
    void aTeamsBudgetRefusesAndTheKeysOwnReservationIsGivenBack() {
        Team search = new Team("acme", "search", null, new Budget(100L, null, null, null, 80, Map.of()), null);
        Budget keyCaps = new Budget(10_000L, null, null, null, 80, Map.of());
        Caller member = caller(acme, "a1", new KeyPolicy(null, null, null, null, null, keyCaps, "search"), search);

        Plan served = planner.plan(member, Planners.request("gpt-4o-mini", 10));
        long teamTokens = usage.get(Period.DAY.key(search.account(), NOW)).tokens();
        long keyTokens = usage.get(Period.DAY.key(Planner.KEY_ACCOUNT + "a1", NOW)).tokens();
        assertThat(teamTokens).as("the team's counter holds the request").isPositive().isEqualTo(keyTokens);

        Totals tenantBefore = usage.get(Period.DAY.key("acme", NOW));
        assertThatThrownBy(() -> planner.plan(member, Planners.request("gpt-4o-mini", 200)))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.getMessage()).contains("Budget exceeded for team 'search'"));
        assertThat(usage.get(Period.DAY.key(Planner.KEY_ACCOUNT + "a1", NOW)).tokens())
                .as("the key's reservation for the refused request was released").isEqualTo(keyTokens);
        assertThat(usage.get(Period.DAY.key("acme", NOW))).as("so was the tenant's").isEqualTo(tenantBefore);
        assertThat(served).isNotNull();
    }
}
