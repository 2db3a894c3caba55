package dev.llmgateway.admin.console;

import dev.llmgateway.admin.console.session.SessionStores;
import dev.llmgateway.core.config.Env;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * The console: its sessions, its guard, and its data source, each chosen by mode. Sessions: in
 * DynamoDB when a table or endpoint is named, else in memory. Data: the gateway in this process when
 * there is one ({@link GatewayRuntime}, handed over by {@code Beside}), CloudWatch when deployed,
 * nothing otherwise.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleConfiguration implements WebMvcConfigurer {
    private static final Logger log = LoggerFactory.getLogger(ConsoleConfiguration.class);

    /**
     * The gateway's base URL for the playground, or null when the console does not know it. Beside a
     * gateway in this process the console passes the playground's requests on ({@code direct} false);
     * deployed the browser calls the gateway's URL itself ({@code direct}), because the admin function
     * answers buffered and the answer would arrive in one piece.
     */
    public record GatewayUrl(String value, boolean direct) {
        /** {@code scheme://host[:port]} of a direct URL (the policy's {@code connect-src}), else null. */
        public String origin() {
            if (!direct) return null;
            URI uri = URI.create(value);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        }

        static GatewayUrl of(String url, boolean direct) {
            if (url == null || url.isBlank()) return new GatewayUrl(null, false);
            String value = url.trim().replaceAll("/+$", "");
            URI uri;
            try {
                uri = new URI(value);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("GATEWAY_URL must be the gateway's http(s) URL, not '" + url + "'", e);
            }
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("GATEWAY_URL must be the gateway's http(s) URL, not '" + url + "'");
            }
            return new GatewayUrl(value, direct);
        }
    }

    /** The pages' own script and styles, from this jar only (not a static folder another application would serve too). */
    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/console/assets/**").addResourceLocations("classpath:/console/assets/");
    }

    /** Sessions in DynamoDB when deployed (every environment accepts every session), in memory locally. */
    @Bean
    ConsoleSessions consoleSessions(Clock clock, Env env) {
        ConsoleSessions sessions = new ConsoleSessions(SessionStores.fromEnv(env, clock), clock,
                Duration.ofMinutes(env.number("CONSOLE_SESSION_IDLE_MINUTES", 30)));
        log.info("console sessions: {}", sessions.description());
        return sessions;
    }

    /** Outside the audit filter, so a console call reaches it (and the log) as an admin-key call. */
    @Bean
    FilterRegistrationBean<ConsoleFilter> consoleFilter(ConsoleSessions sessions, Env env, GatewayUrl gateway) {
        FilterRegistrationBean<ConsoleFilter> registration = new FilterRegistrationBean<>(
                new ConsoleFilter(sessions, env.get("ADMIN_API_KEY"), gateway.origin()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @Bean
    TrafficSource trafficSource(ObjectProvider<GatewayRuntime> gateway, Env env, Clock clock) {
        GatewayRuntime runtime = gateway.getIfAvailable();
        TrafficSource source;
        if (runtime != null) {
            source = new RegistryTraffic(runtime.registry(), runtime.health(), clock);
        } else if (!env.localMode()) {
            source = new CloudWatchTraffic(() -> CloudWatchClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                    env.get("CLOUDWATCH_NAMESPACE", "LlmGateway"), clock);
        } else {
            source = TrafficSource.NONE;
        }
        log.info("console data source: {}", source.description());
        return source;
    }

    @Bean
    GatewayUrl gatewayUrl(ObjectProvider<GatewayRuntime> gateway, Env env) {
        GatewayRuntime runtime = gateway.getIfAvailable();
        return runtime != null ? GatewayUrl.of(runtime.baseUrl(), false) : GatewayUrl.of(env.get("GATEWAY_URL"), true);
    }
}
