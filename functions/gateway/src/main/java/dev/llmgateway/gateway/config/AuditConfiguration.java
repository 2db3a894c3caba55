package dev.llmgateway.gateway.config;

import dev.llmgateway.core.audit.AuditLog;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.config.StoreFailureMode;
import dev.llmgateway.core.tenant.ApiKeys;
import dev.llmgateway.gateway.audit.MeteredFacts;
import dev.llmgateway.shared.audit.AuditFilter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The filter that records every API request in the audit log (docs/audit.md); the log itself is {@link dev.llmgateway.shared.stores.StoreConfiguration}'s. */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {
    @Bean
    FilterRegistrationBean<AuditFilter> auditFilter(AuditLog audit, ApiKeys keys, Env env, Clock clock, MeterRegistry registry) {
        StoreFailureMode mode = StoreFailureMode.fromEnv(env);
        FilterRegistrationBean<AuditFilter> registration = new FilterRegistrationBean<>(AuditFilter.forApi(audit, keys, mode, clock, registry,
                MeteredFacts::requestId, MeteredFacts::of));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2); // inside the metering filter (whose meter it reads) and the CORS filter
        return registration;
    }
}
