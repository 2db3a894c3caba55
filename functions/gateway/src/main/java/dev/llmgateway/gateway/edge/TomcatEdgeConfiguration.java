package dev.llmgateway.gateway.edge;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.tenant.Authenticator;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The HTTP edge: cross-origin access, who may read {@code /actuator}, the connection probe behind {@link DisconnectWatch},
 * and JSON instead of Tomcat's HTML for the requests it refuses itself.
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
            factory.addContextCustomizers(context ->
                    ((StandardHost) context.getParent()).setErrorReportValveClass(JsonErrorReportValve.class.getName()));
        };
    }
}
