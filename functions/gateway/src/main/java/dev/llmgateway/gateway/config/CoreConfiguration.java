package dev.llmgateway.gateway.config;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.configfile.ConfigFile;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.core.providers.ModelResolver;
import dev.llmgateway.shared.env.EnvConfiguration;
import dev.llmgateway.shared.web.JsonWebConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Builds the framework-free core once per process from the environment variables documented in the README. */
@Configuration(proxyBeanMethods = false)
@Import({EnvConfiguration.class, JsonWebConfiguration.class})
public class CoreConfiguration {

    @Bean
    UpstreamHttp upstreamHttp(Env env) {
        return UpstreamHttp.fromEnv(env);
    }

    @Bean
    ModelResolver modelResolver(Env env, UpstreamHttp http, ConfigFile.Loaded file) {
        return Catalogue.fromEnv(env, http, file.declared());
    }

    @Bean
    RequestLimits requestLimits(Env env) {
        return new RequestLimits(env.number("GATEWAY_MAX_BODY_BYTES", 20L * 1024 * 1024));
    }
}
