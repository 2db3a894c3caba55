package dev.llmgateway.gateway.edge;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The HTTP edge as Tomcat sees it: the connection probe behind {@link DisconnectWatch}. */
@Configuration(proxyBeanMethods = false)
public class TomcatEdgeConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcatEdge() {
        return factory -> factory.addContextValves(new ConnectionProbeValve());
    }
}
