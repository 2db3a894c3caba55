package dev.llmgateway.gateway.edge;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.tenant.Authenticator;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The HTTP edge: encoded slashes, cross-origin access, who may read {@code /actuator} and the
 * connection probe behind {@link DisconnectWatch} (JSON for Tomcat's own refusals is shared with the
 * admin function).
 */
@Configuration(proxyBeanMethods = false)
public class TomcatEdgeConfiguration {

    /** Right after the metering filter, so every answer (errors too) carries the allow headers. */
    @Bean
    FilterRegistrationBean<CorsAccess> corsAccess(Env env) {
        FilterRegistrationBean<CorsAccess> registration = new FilterRegistrationBean<>(CorsAccess.of(env.get(CorsAccess.ORIGINS_VARIABLE)));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /**
     * An encoded slash is refused except in a model id ({@link EncodedSlashes}): inside metering,
     * CORS and the audit log (so the refusal is counted and recorded), before anything routes on the path.
     */
    @Bean
    FilterRegistrationBean<EncodedSlashes> encodedSlashes() {
        FilterRegistrationBean<EncodedSlashes> registration = new FilterRegistrationBean<>(new EncodedSlashes());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ActuatorAccess> actuatorAccess(Env env, Authenticator auth) {
        FilterRegistrationBean<ActuatorAccess> registration = new FilterRegistrationBean<>(
                new ActuatorAccess(env.get(ActuatorAccess.TOKEN_VARIABLE), auth.mode() == Authenticator.Mode.OPEN));
        registration.addUrlPatterns("/actuator", "/actuator/*");
        return registration;
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcatEdge() {
        return factory -> {
            factory.addContextValves(new ConnectionProbeValve());
            // Left encoded, so /v1/models/ollama%2Fllama3.2 reaches the models controller as one id;
            // EncodedSlashes refuses them everywhere else.
            factory.addConnectorCustomizers(connector -> connector.setEncodedSolidusHandling("passthrough"));
        };
    }
}
