package dev.llmgateway.gateway.config;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.responses.ResponseStore;
import dev.llmgateway.core.responses.ResponseStores;
import dev.llmgateway.core.responses.Responses;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Responses API's state (docs/responses.md): the store {@code RESPONSES_TABLE} selects, and how long responses live. */
@Configuration(proxyBeanMethods = false)
public class ResponsesConfiguration {
    private static final Logger log = LoggerFactory.getLogger(ResponsesConfiguration.class);

    @Bean
    Responses responses(Env env, Clock clock) {
        ResponseStore store = ResponseStores.fromEnv(env, clock);
        log.info("responses store: {}", store.description());
        return new Responses(store, ResponseStores.ttl(env), clock);
    }
}
