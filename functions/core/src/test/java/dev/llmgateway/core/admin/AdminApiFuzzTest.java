package dev.llmgateway.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.budget.Budgets;
import dev.llmgateway.core.store.Stores;
import dev.llmgateway.core.tenant.ApiKeys;
import dev.llmgateway.core.testing.FuzzBudget;
import dev.llmgateway.core.testing.JsonFuzz;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The admin API's bodies on hostile input, as the chat API's are fuzzed: every body either is
 * accepted or gets a {@link GatewayError} 4xx; anything else would be a 500 to the operator.
 */
@AddLifecycleHook(FuzzBudget.class)
class AdminApiFuzzTest {
    private static final String ROUTE = """
            {"strategy":"model_prefix","targets":[{"provider":"openai","model":"gpt-4o-mini","weight":2},
             {"provider":"anthropic","model":"claude-haiku-4-5","weight":1}]}""";
    private static final String TENANT = """
            {"id":"acme","name":"Acme","budget":{"tokens_per_day":1000,"usd_per_day":5,"soft_threshold_percent":80,
             "downgrade":{"gpt-4o":"gpt-4o-mini"}}}""";
    private static final String BUDGET = """
            {"tokens_per_day":1000,"tokens_per_month":20000,"usd_per_day":5,"usd_per_month":50,"soft_threshold_percent":80}""";
    private static final String KEY = "{\"name\":\"ci\"}";

    private final AdminApi api = new AdminApi(Stores.inMemory(Clock.systemUTC()), new ApiKeys(null),
            new Budgets(Stores.inMemory(Clock.systemUTC()).usage(), Clock.systemUTC()), "admin-key", () -> { });

    private static void acceptedOrRejected(Function<byte[], Object> call, String body) {
        try {
            assertThat(call.apply(body.getBytes(StandardCharsets.UTF_8))).isNotNull();
        } catch (GatewayError e) {
            assertThat(e.status()).as(e.getMessage()).isBetween(400, 499);
        }
    }

    @Property(tries = 400)
    void routeBodies(@ForAll("routes") String body) {
        acceptedOrRejected(b -> api.putRoute("chat-default", b), body);
    }

    @Property(tries = 400)
    void tenantBodies(@ForAll("tenants") String body) {
        acceptedOrRejected(b -> api.putTenant("acme", b), body);
        acceptedOrRejected(api::createTenant, body);
    }

    @Property(tries = 400)
    void budgetBodies(@ForAll("budgets") String body) {
        acceptedOrRejected(b -> api.putBudget("acme", b), body);
    }

    @Property(tries = 200)
    void keyBodies(@ForAll("keys") String body) {
        api.putTenant("acme", TENANT.getBytes(StandardCharsets.UTF_8));
        acceptedOrRejected(b -> api.createKey("acme", b), body);
    }

    @Provide
    Arbitrary<String> routes() {
        return anyOf(ROUTE);
    }

    @Provide
    Arbitrary<String> tenants() {
        return anyOf(TENANT);
    }

    @Provide
    Arbitrary<String> budgets() {
        return anyOf(BUDGET);
    }

    @Provide
    Arbitrary<String> keys() {
        return anyOf(KEY);
    }

    /** Mutants of a valid body, arbitrary JSON, and arbitrary text. */
    private static Arbitrary<String> anyOf(String valid) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, JsonFuzz.mutantsOf(valid)),
                net.jqwik.api.Tuple.of(2, JsonFuzz.values().map(Object::toString)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(40)));
    }
}
