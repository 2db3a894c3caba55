package dev.llmgateway.gateway.edge;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.store.Stores;
import dev.llmgateway.shared.env.EnvConfiguration;
import dev.llmgateway.shared.secrets.SecretVariables;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * What readiness ({@code /actuator/health/readiness}) checks beyond the process being up: the stores
 * answer a read, and every secret named by a {@code *_SECRET_ARN} variable has a value. Liveness
 * checks neither, so a store outage makes the gateway unready, not restarted.
 */
@Configuration(proxyBeanMethods = false)
public class ReadinessChecks {
    private static final String PROBE = "readiness-probe";

    /** One read from each store (an absent item): proves the tables exist and are reachable with these credentials. */
    @Bean
    HealthIndicator storesHealthIndicator(Stores stores) {
        return () -> {
            try {
                stores.routes().get(PROBE);
                stores.tenants().keyByHash(PROBE);
                stores.usage().get(PROBE);
                return Health.up().withDetail("stores", stores.description()).build();
            } catch (RuntimeException e) {
                return Health.down().withDetail("stores", stores.description())
                        .withDetail("error", e.getClass().getSimpleName()).build();
            }
        };
    }

    @Bean
    HealthIndicator secretsHealthIndicator(Environment spring, Env env) {
        return () -> {
            List<String> missing = new ArrayList<>();
            for (String arnVariable : EnvConfiguration.secretArnVariables(spring)) {
                String arn = spring.getProperty(arnVariable);
                String variable = arnVariable.substring(0, arnVariable.length() - SecretVariables.SUFFIX.length());
                if (arn != null && !arn.isBlank() && (env.get(variable) == null || env.get(variable).isBlank())) missing.add(variable);
            }
            return (missing.isEmpty() ? Health.up() : Health.down().withDetail("missing", missing)).build();
        };
    }
}
