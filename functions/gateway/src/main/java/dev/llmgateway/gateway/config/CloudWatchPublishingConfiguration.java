package dev.llmgateway.gateway.config;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.gateway.metrics.cloudwatch.CloudWatchPublishing;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * PutMetricData publishing in long-running mode ({@code CLOUDWATCH_ENABLED=true}). A class of its own
 * so that nothing else refers to the CloudWatch types: the Lambda package does not carry them (EMF
 * needs neither the SDK client nor Micrometer's registry), and in its build-time wiring this class is
 * left out because the condition is false there.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(CloudWatchPublishingConfiguration.CloudWatchConfigured.class)
public class CloudWatchPublishingConfiguration {
    @Bean
    CloudWatchMeterRegistry cloudWatchMeterRegistry(Env env, ObjectProvider<AwsCredentialsProvider> credentials) {
        return CloudWatchPublishing.registry(env, MetricsConfiguration.credentials(credentials));
    }

    /**
     * True when the variables ask for PutMetricData publishing and the process is not on Lambda. Here,
     * not in {@link CloudWatchPublishing}: the condition must not load a class that refers to the
     * CloudWatch types, which an application without them (the Lambda package) does not have.
     */
    public static boolean enabled(Env env) {
        return env.flag("CLOUDWATCH_ENABLED", false) && env.get("AWS_LAMBDA_FUNCTION_NAME") == null;
    }

    static final class CloudWatchConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return enabled(new Env(context.getEnvironment()::getProperty));
        }
    }
}
