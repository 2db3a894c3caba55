package dev.llmgateway.admin;

import dev.llmgateway.admin.console.GatewayRuntime;
import dev.llmgateway.core.admin.AdminApi;
import dev.llmgateway.core.admin.GuardrailAdmin;
import dev.llmgateway.core.admin.RoutePreviews;
import dev.llmgateway.core.audit.AuditLog;
import dev.llmgateway.core.budget.Budgets;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.config.StoreFailureMode;
import dev.llmgateway.core.ledger.UsageReport;
import dev.llmgateway.core.routing.HealthView;
import dev.llmgateway.core.routing.PriceTable;
import dev.llmgateway.core.store.Stores;
import dev.llmgateway.core.tenant.ApiKeys;
import dev.llmgateway.shared.audit.AuditFilter;
import dev.llmgateway.shared.env.EnvConfiguration;
import dev.llmgateway.shared.stores.StoreConfiguration;
import dev.llmgateway.shared.web.JsonWebConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/** The admin API over the shared stores and audit log, built once per process from the environment. */
@Configuration(proxyBeanMethods = false)
@Import({EnvConfiguration.class, JsonWebConfiguration.class, StoreConfiguration.class})
public class AdminConfiguration {

    /** Clears the data plane's caches after a change, when it runs in this process ({@link Beside}). */
    @FunctionalInterface
    public interface CacheInvalidation {
        void invalidate();
    }

    @Bean
    AdminApi adminApi(Stores stores, ApiKeys keys, Clock clock, Env env, ObjectProvider<CacheInvalidation> caches) {
        // Deployed, the gateway's caches expire on their own (ROUTES_CACHE_TTL_MS, AUTH_CACHE_TTL_MS).
        CacheInvalidation invalidation = caches.getIfAvailable(() -> () -> { });
        return new AdminApi(stores, keys, new Budgets(stores.usage(), clock), env.get("ADMIN_API_KEY"), invalidation::invalidate);
    }

    /** {@code /admin/guardrails}; deployed, the gateway's policy cache expires on its own ({@code GUARDRAILS_CACHE_TTL_MS}). */
    @Bean
    GuardrailAdmin guardrailAdmin(Stores stores, ObjectProvider<CacheInvalidation> caches) {
        CacheInvalidation invalidation = caches.getIfAvailable(() -> () -> { });
        return new GuardrailAdmin(stores.guardrails(), invalidation::invalidate);
    }

    /**
     * Route previews read the breakers and latencies of the gateway in this process when there is one
     * ({@link Beside}); deployed, each gateway environment keeps its own, so every target is assumed healthy.
     */
    @Bean
    RoutePreviews routePreviews(Stores stores, ObjectProvider<GatewayRuntime> gateway) {
        GatewayRuntime runtime = gateway.getIfAvailable();
        return runtime != null
                ? new RoutePreviews(stores.routes(), runtime.health(), PriceTable.defaults(), true,
                        "this process's gateway: its breakers and latencies now")
                : new RoutePreviews(stores.routes(), HealthView.ALL_HEALTHY, PriceTable.defaults(), false,
                        "breakers are per gateway environment and not shared: every target is assumed healthy");
    }

    @Bean
    UsageReport usageReport(Stores stores, Clock clock) {
        return new UsageReport(stores.ledger(), clock);
    }

    @Bean
    FilterRegistrationBean<AuditFilter> auditFilter(AuditLog audit, ApiKeys keys, Env env, Clock clock, MeterRegistry registry) {
        FilterRegistrationBean<AuditFilter> registration = new FilterRegistrationBean<>(
                AuditFilter.forAdmin(audit, keys, StoreFailureMode.fromEnv(env), clock, registry));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }
}
