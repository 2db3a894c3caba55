package dev.llmgateway.gateway.edge;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTP edge as Tomcat sees it: the connection probe behind {@link DisconnectWatch}, and JSON
 * instead of Tomcat's HTML for the requests it refuses itself.
 */
@Configuration(proxyBeanMethods = false)
public class TomcatEdgeConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcatEdge() {
        return factory -> {
            factory.addContextValves(new ConnectionProbeValve());
            factory.addContextCustomizers(context ->
                    ((StandardHost) context.getParent()).setErrorReportValveClass(JsonErrorReportValve.class.getName()));
        };
    }
}
