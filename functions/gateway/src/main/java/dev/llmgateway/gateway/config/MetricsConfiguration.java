package dev.llmgateway.gateway.config;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.gateway.metrics.AccessLog;
import dev.llmgateway.gateway.metrics.GatewayMetrics;
import dev.llmgateway.gateway.metrics.Metering;
import dev.llmgateway.gateway.metrics.RequestMeterArgumentResolver;
import dev.llmgateway.gateway.metrics.RequestMeteringFilter;
import dev.llmgateway.gateway.metrics.RequestSink;
import dev.llmgateway.gateway.metrics.cloudwatch.EmfWriter;
import dev.llmgateway.gateway.metrics.remotewrite.RemoteWritePusher;
import dev.llmgateway.gateway.metrics.remotewrite.RemoteWriteSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.type.AnnotatedTypeMetadata;
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
    Metering metering(Env env, GatewayMetrics meters, ObjectProvider<RemoteWritePusher> remoteWrite) {
        List<RequestSink> sinks = new ArrayList<>();
        AccessLog accessLog = new AccessLog();
        sinks.add(meters);
        if (onLambda(env)) {
            sinks.add(EmfWriter.fromEnv(env));
            if (env.flag("CLOUDWATCH_ENABLED", false)) {
                log.info("CLOUDWATCH_ENABLED is ignored on Lambda: metrics go to CloudWatch as EMF records in the log");
            }
        }
        sinks.add(accessLog);
        remoteWrite.ifAvailable(sinks::add);
        return new Metering(System::nanoTime, sinks, (int) env.number("METRICS_MAX_LABEL_VALUES", 100), accessLog);
    }

    @Bean
    FilterRegistrationBean<RequestMeteringFilter> requestMeteringFilter(Metering metering) {
        FilterRegistrationBean<RequestMeteringFilter> registration = new FilterRegistrationBean<>(new RequestMeteringFilter(metering));
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

    @Bean
    @Conditional(RemoteWriteConfigured.class)
    RemoteWritePusher remoteWritePusher(Env env, PrometheusMeterRegistry prometheus,
                                        ObjectProvider<AwsCredentialsProvider> credentials) {
        RemoteWriteSettings settings = RemoteWriteSettings.fromEnv(env);
        log.info("remote write to {} every {} s at request end, auth {}", settings.target(), settings.interval().toSeconds(),
                settings.auth().getClass().getSimpleName());
        String prefix = onLambda(env) ? env.get("AWS_LAMBDA_FUNCTION_NAME") : env.get("HOSTNAME", "gateway");
        return RemoteWritePusher.create(settings, prometheus.getPrometheusRegistry()::scrape,
                () -> credentials(credentials), prefix);
    }

    /** An {@link AwsCredentialsProvider} bean if the application defines one, else the SDK's default chain. */
    static AwsCredentialsProvider credentials(ObjectProvider<AwsCredentialsProvider> configured) {
        return configured.getIfAvailable(() -> DefaultCredentialsProvider.builder().build());
    }

    static boolean onLambda(Env env) {
        return env.get("AWS_LAMBDA_FUNCTION_NAME") != null;
    }

    static final class RemoteWriteConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return new Env(context.getEnvironment()::getProperty).get("PROMETHEUS_REMOTE_WRITE_URL") != null;
        }
    }
}
