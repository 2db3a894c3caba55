package dev.llmgateway.gateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.provider.ModelResolver;
import dev.llmgateway.core.provider.Providers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Builds the framework-free core once per process from the environment variables documented in the README. */
@Configuration(proxyBeanMethods = false)
public class CoreConfiguration {

    @Bean
    Env env(Environment spring) {
        // Spring's environment holds the process environment plus test and command-line properties.
        return new Env(spring::getProperty);
    }

    /** Spring MVC writes JSON with the core's mapper, so every response follows OpenAI's snake_case wire names. */
    @Bean
    ObjectMapper objectMapper() {
        return Json.MAPPER;
    }

    @Bean
    UpstreamHttp upstreamHttp(Env env) {
        return UpstreamHttp.fromEnv(env);
    }

    @Bean
    ModelResolver modelResolver(Env env, UpstreamHttp http) {
        return Providers.fromEnv(env, http);
    }

    @Bean
    RequestLimits requestLimits(Env env) {
        return new RequestLimits(env.number("GATEWAY_MAX_BODY_BYTES", 20L * 1024 * 1024));
    }
}
