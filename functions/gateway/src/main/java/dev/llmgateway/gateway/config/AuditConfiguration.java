package dev.llmgateway.gateway.config;

import dev.llmgateway.core.audit.AuditLog;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.config.StoreFailureMode;
import dev.llmgateway.core.tenant.ApiKeys;
import dev.llmgateway.gateway.audit.AuditFilter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The audit log (docs/audit.md) and the filter that records every API and admin request in it. */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {
    private static final Logger log = LoggerFactory.getLogger(AuditConfiguration.class);

    @Bean
    AuditLog auditLog(Env env, Clock clock) {
        AuditLog audit = AuditLog.fromEnv(env, clock);
        log.info("audit log: {}", audit.description());
        return audit;
    }

    @Bean
    FilterRegistrationBean<AuditFilter> auditFilter(AuditLog audit, ApiKeys keys, Env env, Clock clock, MeterRegistry registry) {
        StoreFailureMode mode = StoreFailureMode.fromEnv(env, "AUDIT_FAILURE_MODE", StoreFailureMode.FAIL_CLOSED);
        FilterRegistrationBean<AuditFilter> registration = new FilterRegistrationBean<>(new AuditFilter(audit, keys, mode, clock, registry));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2); // inside the metering filter (whose meter it reads) and the CORS filter
        return registration;
    }
}
