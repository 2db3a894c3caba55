package dev.llmgateway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.routing.Route;
import dev.llmgateway.core.tenant.Tenant;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CachePolicyTest {
    @Test
    void aTenantAndARouteCarryTheirPolicyThroughTheirJson() {
        Tenant tenant = Tenant.parse(Json.tree("{\"id\":\"acme\",\"cache\":{\"enabled\":true,\"ttl_seconds\":600,"
                + "\"eligible\":\"temperature_zero_or_unset\",\"hit_cost_fraction\":0.1}}"), null);
        CachePolicy expected = new CachePolicy(true, 600L, CachePolicy.Eligible.TEMPERATURE_ZERO_OR_UNSET, null, new BigDecimal("0.1"));
        assertThat(tenant.cache()).isEqualTo(expected);
        assertThat(Tenant.parse(Json.MAPPER.valueToTree(tenant), null)).isEqualTo(tenant); // the store keeps the tenant as this JSON
        assertThat(tenant.withBudget(null).cache()).isEqualTo(expected);

        Route route = Route.parse(Json.tree("{\"model\":\"fast\",\"targets\":[{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\"}],"
                + "\"cache\":{\"enabled\":false}}"));
        assertThat(route.cache()).isEqualTo(new CachePolicy(false, null, null, null, null));
        assertThat(Route.parse(Json.tree(new String(route.toJson())))).isEqualTo(route);
    }

    @Test
    void eachMistakeIsA400NamingTheField() {
        for (String[] c : new String[][] {
                {"{\"enabled\":\"yes\"}", "cache.enabled"}, {"{\"ttl_seconds\":0}", "cache.ttl_seconds"},
                {"{\"ttl_seconds\":1.5}", "cache.ttl_seconds"}, {"{\"eligible\":\"sometimes\"}", "cache.eligible"},
                {"{\"hit_cost_fraction\":2}", "cache.hit_cost_fraction"}, {"{\"ttl\":5}", "cache.ttl"}, {"[]", "cache"}}) {
            assertThatThrownBy(() -> Tenant.parse(Json.tree("{\"id\":\"acme\",\"cache\":" + c[0] + "}"), null))
                    .as(c[0]).isInstanceOfSatisfying(GatewayError.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.param()).isEqualTo(c[1]);
                        assertThat(e.code()).isEqualTo("invalid_cache");
                    });
        }
    }

    @Test
    void theGatewayPolicyComesFromItsVariables() {
        assertThat(CachePolicy.fromEnv(Env.of(Map.of()))).isEqualTo(CachePolicy.DEFAULTS);
        assertThat(CachePolicy.fromEnv(Env.of(Map.of(CachePolicy.ENABLED, "true", CachePolicy.TTL_SECONDS, "60",
                CachePolicy.ELIGIBLE, "any", CachePolicy.STATEFUL, "true", CachePolicy.HIT_COST_FRACTION, "0.25"))))
                .isEqualTo(new CachePolicy(true, 60L, CachePolicy.Eligible.ANY, true, new BigDecimal("0.25")));
        assertThatThrownBy(() -> CachePolicy.fromEnv(Env.of(Map.of(CachePolicy.HIT_COST_FRACTION, "1.5"))))
                .hasMessageContaining(CachePolicy.HIT_COST_FRACTION);
        assertThatThrownBy(() -> CachePolicy.fromEnv(Env.of(Map.of(CachePolicy.ELIGIBLE, "never")))).hasMessageContaining("temperature_zero");
    }
}
