package dev.llmgateway.shared.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.shared.edge.JsonErrorReportValve;
import dev.llmgateway.shared.errors.ErrorResponses;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * JSON on the wire for both functions: the core's mapper (OpenAI's snake_case names), every failure
 * in the error envelope ({@link ErrorResponses}), and Tomcat's own refusals too instead of its HTML page.
 */
@Configuration(proxyBeanMethods = false)
@Import(ErrorResponses.class)
public class JsonWebConfiguration {

    @Bean
    ObjectMapper objectMapper() {
        return Json.MAPPER;
    }

    /** Only where Tomcat serves (on Lambda the admin function has no server of its own). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
    static class TomcatErrors {
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReports() {
            return factory -> factory.addContextCustomizers(context ->
                    ((StandardHost) context.getParent()).setErrorReportValveClass(JsonErrorReportValve.class.getName()));
        }
    }
}
