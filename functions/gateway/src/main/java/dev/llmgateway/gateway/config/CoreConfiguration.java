package dev.llmgateway.gateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.providers.ModelResolver;
import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.gateway.secrets.AwsSecretsFetcher;
import dev.llmgateway.gateway.secrets.SecretVariables;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;

/** Builds the framework-free core once per process from the environment variables documented in the README. */
@Configuration(proxyBeanMethods = false)
public class CoreConfiguration {

    @Bean
    Env env(Environment spring) {
        return env(spring, () -> new AwsSecretsFetcher()); // a lambda, so the AWS SDK loads only when used
    }

    /**
     * Spring's environment (the process environment plus test and command-line properties), with
     * the variables that {@code *_SECRET_ARN} entries name read from Secrets Manager.
     */
    static Env env(Environment spring, Supplier<? extends SecretVariables.Fetcher> secrets) {
        Map<String, String> candidates = new HashMap<>();
        for (String name : secretArnVariables(spring)) {
            String target = name.substring(0, name.length() - SecretVariables.SUFFIX.length());
            candidates.put(name, spring.getProperty(name));
            candidates.put(target, spring.getProperty(target));
        }
        Map<String, String> resolved = SecretVariables.resolve(candidates, secrets);
        return new Env(name -> {
            String value = spring.getProperty(name);
            return value == null || value.isBlank() ? resolved.get(name) : value;
        });
    }

    /** The names of every {@code *_SECRET_ARN} variable the environment has. */
    public static Set<String> secretArnVariables(Environment spring) {
        Set<String> names = new TreeSet<>();
        if (spring instanceof ConfigurableEnvironment configurable) {
            for (var source : configurable.getPropertySources()) {
                if (!(source instanceof EnumerablePropertySource<?> enumerable)) continue;
                for (String name : enumerable.getPropertyNames()) {
                    if (name.endsWith(SecretVariables.SUFFIX)) names.add(name);
                }
            }
        }
        return names;
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
        return Catalogue.fromEnv(env, http);
    }

    @Bean
    RequestLimits requestLimits(Env env) {
        return new RequestLimits(env.number("GATEWAY_MAX_BODY_BYTES", 20L * 1024 * 1024));
    }
}
