package dev.llmgateway.gateway.config;

import dev.llmgateway.core.guardrail.Guardrails;
import dev.llmgateway.core.guardrail.Policy;
import dev.llmgateway.core.api.UsageCheck;
import dev.llmgateway.core.budget.Budgets;
import dev.llmgateway.core.budget.Estimate;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.config.StoreFailureMode;
import dev.llmgateway.core.limit.RateLimiter;
import dev.llmgateway.core.configfile.ConfigFile;
import dev.llmgateway.core.plan.Planner;
import dev.llmgateway.core.providers.ModelResolver;
import dev.llmgateway.core.routing.Failover;
import dev.llmgateway.core.routing.Price;
import dev.llmgateway.core.routing.PriceTable;
import java.math.BigDecimal;
import dev.llmgateway.core.routing.Route;
import dev.llmgateway.core.routing.RouteCache;
import dev.llmgateway.core.routing.Router;
import dev.llmgateway.core.routing.RoutesFile;
import dev.llmgateway.core.routing.TargetHealth;
import dev.llmgateway.core.store.Stores;
import dev.llmgateway.core.tenant.ApiKeys;
import dev.llmgateway.core.tenant.Authenticator;
import dev.llmgateway.shared.stores.StoreConfiguration;
import java.nio.file.Path;
import dev.llmgateway.core.cache.ResponseCache;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Routing, failover, tenants, keys and budgets, built once per process from the environment
 * (see docs/routing-and-budgets.md for every variable).
 */
@Configuration(proxyBeanMethods = false)
@Import(StoreConfiguration.class)
public class RoutingConfiguration {
    private static final Logger log = LoggerFactory.getLogger(RoutingConfiguration.class);

    /** The response cache (docs/cache.md): its gateway-wide policy and its store, chosen once. */
    @Bean
    ResponseCache responseCache(Env env, Clock clock) {
        ResponseCache cache = ResponseCache.fromEnv(env, clock);
        log.info("response cache: {}", cache.description());
        return cache;
    }

    /**
     * The configuration file and {@code ROUTES_FILE} are the source of truth for the routes they name,
     * and the file for its tenants and key hashes: they replace stored ones on start.
     */
    @Bean
    StoreConfiguration.Seed configuredRoutes(Env env, ConfigFile.Loaded config, Clock clock) {
        return stores -> {
            for (Route route : config.routes()) stores.routes().put(route);
            for (Policy policy : config.guardrails()) stores.guardrails().put(policy); // likewise for the policies it names
            config.seed(stores.tenants(), clock.instant());
            String file = env.get("ROUTES_FILE");
            if (file != null) {
                for (Route route : RoutesFile.read(Path.of(file))) stores.routes().put(route);
                log.info("loaded routes from {}", file);
            }
        };
    }

    /** The guardrail policies as requests see them: reloaded at most once per {@code GUARDRAILS_CACHE_TTL_MS}. */
    @Bean
    Guardrails guardrails(Stores stores, Env env) {
        return new Guardrails(stores.guardrails(), env.millis("GUARDRAILS_CACHE_TTL_MS", Duration.ofSeconds(10)));
    }

    @Bean
    RouteCache routeCache(Stores stores, Env env) {
        return new RouteCache(stores.routes(), env.millis("ROUTES_CACHE_TTL_MS", Duration.ofSeconds(10)));
    }

    @Bean
    TargetHealth targetHealth(Env env) {
        return new TargetHealth(new TargetHealth.Settings(
                (int) env.number("CIRCUIT_FAILURE_THRESHOLD", 3),
                env.millis("CIRCUIT_COOL_DOWN_MS", Duration.ofSeconds(30)),
                TargetHealth.Settings.DEFAULTS.ewmaWeight()));
    }

    @Bean
    Router router(ModelResolver models, RouteCache routes, TargetHealth health, Env env) {
        return new Router(models, routes, PriceTable.defaults(unpricedDefault(env.get("UNPRICED_MODEL_PRICE"))), health,
                new SplittableRandom());
    }

    /** {@code UNPRICED_MODEL_PRICE=input,output} (USD per 1M tokens): what a model without a known price is charged. */
    static Price unpricedDefault(String value) {
        if (value == null || value.isBlank()) return null;
        String[] parts = value.split(",");
        try {
            if (parts.length != 2) throw new NumberFormatException();
            return new Price(new BigDecimal(parts[0].trim()), new BigDecimal(parts[1].trim()), null);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("UNPRICED_MODEL_PRICE must be 'input,output' in USD per 1M tokens, 0 or more, e.g. 15,75");
        }
    }

    @Bean
    Failover failover(TargetHealth health, Env env) {
        int attempts = (int) env.number("ROUTING_MAX_ATTEMPTS", 3);
        if (attempts < 1) throw new IllegalArgumentException("ROUTING_MAX_ATTEMPTS must be at least 1");
        return new Failover(health, new Failover.Settings(attempts, env.millis("ROUTING_DEADLINE_MS", Duration.ofMinutes(10))));
    }

    @Bean
    Planner planner(Router router, Stores stores, Clock clock, Env env) {
        Estimate.Settings defaults = Estimate.Settings.DEFAULTS;
        return new Planner(router, new Budgets(stores.usage(), clock), new Estimate.Settings(
                (int) env.number("BUDGET_BYTES_PER_TOKEN", defaults.bytesPerToken()),
                (int) env.number("BUDGET_TOKENS_PER_IMAGE", defaults.tokensPerImage()),
                (int) env.number("BUDGET_DEFAULT_MAX_TOKENS", defaults.defaultMaxTokens())),
                new UsageCheck(env.number("UPSTREAM_MAX_USAGE_TOKENS", UsageCheck.DEFAULT_MAX_TOKENS)),
                new RateLimiter(stores.limits(), clock, StoreFailureMode.fromEnv(env)), stores.ledger());
    }

    @Bean
    Authenticator authenticator(Env env, Stores stores, ApiKeys keys, Clock clock) {
        Authenticator.Mode mode = Authenticator.Mode.of(env.get("GATEWAY_AUTH", env.localMode() ? "open" : "keys"));
        if (mode == Authenticator.Mode.OPEN && !env.localMode()) {
            log.warn("GATEWAY_AUTH=open in deployed mode: any caller can use this gateway as tenant 'default'");
        }
        return new Authenticator(mode, stores.tenants(), keys, env.millis("AUTH_CACHE_TTL_MS", Duration.ofSeconds(30)), clock);
    }
}
