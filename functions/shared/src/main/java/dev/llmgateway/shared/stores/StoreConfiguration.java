package dev.llmgateway.shared.stores;

import dev.llmgateway.core.audit.AuditLog;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.store.Stores;
import dev.llmgateway.core.tenant.ApiKeys;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The state both functions work on, chosen once from the environment (docs/routing-and-budgets.md,
 * docs/audit.md): routes, tenants, keys and usage, the audit log, and the key hashing. An application
 * started beside another one in the same process may be handed that one's instead, so both see the
 * same in-memory data.
 */
@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {
    private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);

    /** Work done on the stores once they exist, before anything reads them (the gateway loads its configured routes). */
    @FunctionalInterface
    public interface Seed {
        void seed(Stores stores);
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    Stores stores(Env env, Clock clock, ObjectProvider<Seed> seeds) {
        Stores stores = Stores.fromEnv(env, clock);
        seeds.orderedStream().forEach(seed -> seed.seed(stores));
        log.info("stores for routes, tenants and usage: {}", stores.description());
        return stores;
    }

    @Bean
    @ConditionalOnMissingBean
    AuditLog auditLog(Env env, Clock clock) {
        AuditLog audit = AuditLog.fromEnv(env, clock);
        log.info("audit log: {}", audit.description());
        return audit;
    }

    @Bean
    @ConditionalOnMissingBean
    ApiKeys apiKeys(Env env) {
        return new ApiKeys(env.get("API_KEY_PEPPER"));
    }
}
