package dev.llmgateway.admin;

import dev.llmgateway.admin.console.GatewayRuntime;
import dev.llmgateway.core.audit.AuditLog;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.routing.RouteCache;
import dev.llmgateway.core.routing.TargetHealth;
import dev.llmgateway.core.store.Stores;
import dev.llmgateway.core.tenant.ApiKeys;
import dev.llmgateway.core.tenant.Authenticator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the admin application in the same process as a running gateway, on the gateway's own
 * environment, stores, audit log and key hashing, so a change made through {@code /admin} is what the
 * gateway serves next: {@code bin/run-local} and the end-to-end tests run it this way. The console
 * reads that gateway's meters and target health, and sends the playground's requests to it. A change also
 * clears the gateway's route and key caches at once (deployed, the two functions share only the
 * tables, and those caches expire by themselves).
 */
public final class Beside {
    private Beside() {}

    /** The admin application beside {@code gateway}, with command-line style {@code args} such as {@code --server.port=0}. */
    public static ConfigurableApplicationContext start(ApplicationContext gateway, String... args) {
        SpringApplication app = AdminApplication.application(Map.of());
        app.addInitializers(admin -> share(gateway, admin.getBeanFactory()));
        return app.run(args);
    }

    private static void share(ApplicationContext gateway, ConfigurableListableBeanFactory admin) {
        admin.registerSingleton("env", gateway.getBean(Env.class));
        admin.registerSingleton("clock", gateway.getBean(Clock.class));
        admin.registerSingleton("stores", gateway.getBean(Stores.class));
        admin.registerSingleton("auditLog", gateway.getBean(AuditLog.class));
        admin.registerSingleton("apiKeys", gateway.getBean(ApiKeys.class));
        admin.registerSingleton("gatewayRuntime", new GatewayRuntime(gateway.getBean(MeterRegistry.class),
                gateway.getBean(TargetHealth.class), "http://localhost:" + gateway.getEnvironment().getProperty("local.server.port")));
        RouteCache routes = gateway.getBean(RouteCache.class);
        Authenticator auth = gateway.getBean(Authenticator.class);
        admin.registerSingleton("cacheInvalidation", (AdminConfiguration.CacheInvalidation) () -> {
            routes.invalidate();
            auth.invalidate();
        });
    }
}
