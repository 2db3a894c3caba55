package dev.llmgateway.gateway.config;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.gateway.metrics.AccessLog;
import dev.llmgateway.core.routing.TargetHealth;
import dev.llmgateway.gateway.metrics.GatewayMetrics;
import dev.llmgateway.gateway.metrics.HealthGauges;
import dev.llmgateway.gateway.metrics.Metering;
import dev.llmgateway.gateway.metrics.RequestMeterArgumentResolver;
import dev.llmgateway.gateway.metrics.RequestMeteringFilter;
import dev.llmgateway.gateway.metrics.RequestSink;
import dev.llmgateway.gateway.metrics.cloudwatch.EmfWriter;
import dev.llmgateway.gateway.metrics.remotewrite.RemoteWritePusher;
import dev.llmgateway.gateway.metrics.remotewrite.RemoteWriteSettings;
import dev.llmgateway.gateway.telemetry.Telemetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Metrics wiring (docs/observability.md): the gateway's meters, per-request metering, EMF records on
 * Lambda and Prometheus remote write, each switched on by its environment variables (PutMetricData
 * publishing in long-running mode is {@link CloudWatchPublishingConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {
    private static final Logger log = LoggerFactory.getLogger(MetricsConfiguration.class);

    @Bean
    GatewayMetrics gatewayMetrics(MeterRegistry registry) {
        return new GatewayMetrics(registry);
    }

    /**
     * Sinks in order: meters first, so a push triggered by the last one already includes the
     * request; the access log before the push, so its line does not wait for it.
     */
    @Bean
    Metering metering(Env env, GatewayMetrics meters, HealthGauges health, Telemetry telemetry, RemoteWrite remoteWrite) {
        List<RequestSink> sinks = new ArrayList<>();
        AccessLog accessLog = new AccessLog();
        sinks.add(meters);
        sinks.add(health);
        if (onLambda(env)) {
            sinks.add(EmfWriter.fromEnv(env));
            if (env.flag("CLOUDWATCH_ENABLED", false)) {
                log.info("CLOUDWATCH_ENABLED is ignored on Lambda: metrics go to CloudWatch as EMF records in the log");
            }
        }
        if (telemetry.enabled()) sinks.add(telemetry.metrics());
        sinks.add(accessLog);
        if (remoteWrite.pusher() != null) sinks.add(remoteWrite.pusher());
        return new Metering(System::nanoTime, sinks, (int) env.number("METRICS_MAX_LABEL_VALUES", 100), accessLog);
    }

    /** Breaker state per target and readiness (the stores' check is left out: it reads DynamoDB, and gauges are read per push). */
    @Bean
    HealthGauges healthGauges(Env env, MeterRegistry registry, TargetHealth targets, ApplicationAvailability availability,
                              @Qualifier("secretsHealthIndicator") HealthIndicator secrets) {
        return new HealthGauges(registry, targets, () -> availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC
                && Status.UP.equals(secrets.health().getStatus()), (int) env.number("METRICS_MAX_LABEL_VALUES", 100));
    }

    /** OpenTelemetry traces and GenAI metrics over OTLP, when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise off. */
    @Bean(destroyMethod = "close")
    Telemetry telemetry(Env env) {
        return Telemetry.fromEnv(env);
    }

    @Bean
    FilterRegistrationBean<RequestMeteringFilter> requestMeteringFilter(Env env, Metering metering, Telemetry telemetry) {
        FilterRegistrationBean<RequestMeteringFilter> registration = new FilterRegistrationBean<>(
                new RequestMeteringFilter(metering, telemetry, onLambda(env)));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE); // first in, last out: arrival and completion times
        return registration;
    }

    @Bean
    WebMvcConfigurer requestMeterParameters() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new RequestMeterArgumentResolver());
            }
        };
    }

    /**
     * The remote-write pusher when {@code PROMETHEUS_REMOTE_WRITE_URL} is set, decided when the
     * application starts, not by a bean condition: the packaged app is AOT-processed, which fixes
     * conditions at build time, where no such variable exists.
     */
    @Bean(destroyMethod = "close")
    RemoteWrite remoteWrite(Env env, ObjectProvider<PrometheusMeterRegistry> registry, ObjectProvider<AwsCredentialsProvider> credentials) {
        if (env.get("PROMETHEUS_REMOTE_WRITE_URL") == null) return new RemoteWrite(null);
        PrometheusMeterRegistry prometheus = registry.getObject(); // metrics export on, as in production
        RemoteWriteSettings settings = RemoteWriteSettings.fromEnv(env);
        log.info("remote write to {} every {} s at request end{}, auth {}", settings.target(), settings.interval().toSeconds(),
                onLambda(env) ? " (inline, before the response completes)" : "", settings.auth().getClass().getSimpleName());
        String prefix = onLambda(env) ? env.get("AWS_LAMBDA_FUNCTION_NAME") : env.get("HOSTNAME", "gateway");
        // On Lambda the push runs before the response completes: the environment may freeze right after it.
        return new RemoteWrite(RemoteWritePusher.create(settings, prometheus.getPrometheusRegistry()::scrape,
                () -> credentials(credentials), prefix, onLambda(env)));
    }

    /**
     * The pusher, or null when remote write is off; closing it makes the final push. That happens
     * when the context starts closing, before the web server's graceful shutdown and the other
     * beans: on Lambda the runtime has about 300 ms after SIGTERM, and the push must not queue behind
     * anything. The destroy callback pushes again only if a request ended in between.
     */
    record RemoteWrite(RemoteWritePusher pusher) implements AutoCloseable, ApplicationListener<ContextClosedEvent> {
        @Override
        public void onApplicationEvent(ContextClosedEvent event) {
            close();
        }

        @Override
        public void close() {
            if (pusher != null) pusher.close();
        }
    }

    /** An {@link AwsCredentialsProvider} bean if the application defines one, else the SDK's default chain. */
    static AwsCredentialsProvider credentials(ObjectProvider<AwsCredentialsProvider> configured) {
        return configured.getIfAvailable(() -> DefaultCredentialsProvider.builder().build());
    }

    static boolean onLambda(Env env) {
        return env.get("AWS_LAMBDA_FUNCTION_NAME") != null;
    }
}
