package dev.llmgateway.gateway.snapstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.providers.Catalogue;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapStartLifecycleTest {
    private static SnapStartLifecycle lifecycle(Map<String, String> vars) {
        Env env = Env.of(vars);
        return new SnapStartLifecycle(Catalogue.fromEnv(env, UpstreamHttp.fromEnv(env)), env);
    }

    @Test
    void primesAtEveryInitThatPrecedesTraffic() {
        // SnapStart, provisioned concurrency, and managed instances (whose type name this must not depend on)
        for (String init : new String[] {"snap-start", "provisioned-concurrency", "lambda-managed-instances"}) {
            SnapStartLifecycle lifecycle = lifecycle(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", init));
            lifecycle.afterSingletonsInstantiated();
            assertThat(lifecycle.primedCount()).as(init).isEqualTo(1);
        }
    }

    @Test
    void doesNotPrimeAtAnOnDemandOrLocalStart() {
        SnapStartLifecycle onDemand = lifecycle(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"));
        onDemand.afterSingletonsInstantiated();
        SnapStartLifecycle local = lifecycle(Map.of());
        local.afterSingletonsInstantiated();
        assertThat(onDemand.primedCount()).isZero();
        assertThat(local.primedCount()).isZero();
    }

    @Test
    void cracHooksPrimeBeforeTheCheckpointAndRecordTheRestore() {
        SnapStartLifecycle lifecycle = lifecycle(Map.of());
        lifecycle.beforeCheckpoint(null);
        lifecycle.afterRestore(null);
        assertThat(lifecycle.primedCount()).isEqualTo(1);
        assertThat(lifecycle.restoreCount()).isEqualTo(1);
    }
}
