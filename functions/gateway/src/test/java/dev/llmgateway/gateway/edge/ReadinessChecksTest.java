package dev.llmgateway.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.budget.InMemoryUsageStore;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.routing.Route;
import dev.llmgateway.core.routing.RouteStore;
import dev.llmgateway.core.store.Stores;
import dev.llmgateway.core.tenant.InMemoryTenantStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;
import org.springframework.mock.env.MockEnvironment;

class ReadinessChecksTest {
    private final ReadinessChecks checks = new ReadinessChecks();

    @Test
    void storesThatAnswerAreUpAndAStoreThatFailsIsDown() {
        assertThat(checks.storesHealthIndicator(Stores.inMemory(Clock.systemUTC())).health().getStatus()).isEqualTo(Status.UP);
        RouteStore unreachable = new RouteStore() {
            public List<Route> list() { throw new IllegalStateException("unreachable"); }
            public Optional<Route> get(String model) { throw new IllegalStateException("unreachable"); }
            public void put(Route route) { throw new IllegalStateException("unreachable"); }
            public boolean delete(String model) { throw new IllegalStateException("unreachable"); }
        };
        Stores broken = new Stores(unreachable, new InMemoryTenantStore(), new InMemoryUsageStore(Clock.systemUTC()),
                new dev.llmgateway.core.limit.InMemoryLimitStore(), new dev.llmgateway.core.ledger.InMemoryUsageLedger(),
                new dev.llmgateway.core.guardrail.InMemoryPolicyStore(), "broken");
        assertThat(checks.storesHealthIndicator(broken).health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void aSecretNamedByItsArnButWithoutAValueIsDown() {
        MockEnvironment spring = new MockEnvironment()
                .withProperty("OPENAI_API_KEY_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:openai")
                .withProperty("GEMINI_API_KEY_SECRET_ARN", "");
        Env without = new Env(name -> null);
        Env with = new Env(Map.of("OPENAI_API_KEY", "sk-x")::get);
        assertThat(checks.secretsHealthIndicator(spring, without).health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(checks.secretsHealthIndicator(spring, without).health().getDetails()).containsEntry("missing", List.of("OPENAI_API_KEY"));
        assertThat(checks.secretsHealthIndicator(spring, with).health().getStatus()).isEqualTo(Status.UP);
    }
}
