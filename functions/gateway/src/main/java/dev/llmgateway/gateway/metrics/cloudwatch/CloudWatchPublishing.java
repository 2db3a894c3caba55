package dev.llmgateway.gateway.metrics.cloudwatch;

import dev.llmgateway.core.config.Env;
import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClientBuilder;

/**
 * Long-running mode with {@code CLOUDWATCH_ENABLED=true} (see {@code CloudWatchPublishingConfiguration#enabled}): Micrometer's CloudWatch registry publishes
 * the gateway's meters with PutMetricData every {@code CLOUDWATCH_STEP_SECONDS} from a background
 * thread. Not on Lambda, where that thread would be frozen between invocations (EMF is used there).
 *
 * <p>Only {@code gateway.*} meters are sent (every CloudWatch metric is billed). Micrometer names them
 * {@code gateway.requests.count}, {@code gateway.latency.sum}/{@code .count}, ...; the latency and
 * time-to-first-token timers send client-side p50/p95/p99 ({@code gateway.latency.percentile.value}
 * with a {@code phi} dimension) instead of the Prometheus buckets, since CloudWatch cannot compute
 * percentiles from per-step sums.
 */
public final class CloudWatchPublishing {
    private CloudWatchPublishing() {}

    /** A registry on the SDK's async CloudWatch client, signing with {@code credentials}. */
    public static CloudWatchMeterRegistry registry(Env env, AwsCredentialsProvider credentials) {
        CloudWatchAsyncClientBuilder client = CloudWatchAsyncClient.builder().credentialsProvider(credentials);
        String region = env.get("CLOUDWATCH_REGION", env.get("AWS_REGION"));
        if (region != null) client.region(Region.of(region)); // else the SDK's default region chain
        String endpoint = env.get("CLOUDWATCH_ENDPOINT");
        if (endpoint != null) client.endpointOverride(URI.create(endpoint));
        return registry(env, client.build());
    }

    static CloudWatchMeterRegistry registry(Env env, CloudWatchAsyncClient client) {
        String namespace = env.get("CLOUDWATCH_NAMESPACE", EmfWriter.DEFAULT_NAMESPACE);
        Duration step = Duration.ofSeconds(env.number("CLOUDWATCH_STEP_SECONDS", 60));
        CloudWatchConfig config = new CloudWatchConfig() {
            @Override
            public String get(String key) {
                return null; // every setting below comes from the gateway's own variables
            }

            @Override
            public String namespace() {
                return namespace;
            }

            @Override
            public Duration step() {
                return step;
            }
        };
        CloudWatchMeterRegistry registry = new CloudWatchMeterRegistry(config, Clock.SYSTEM, client);
        registry.config().meterFilter(MeterFilter.denyUnless(id -> id.getName().startsWith("gateway.")));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getName().equals("gateway.latency") || id.getName().equals("gateway.time.to.first.token")) {
                    // Percentiles instead of the Prometheus buckets: each bucket would be one more billed metric.
                    return DistributionStatisticConfig.builder().percentiles(0.5, 0.95, 0.99).serviceLevelObjectives()
                            .percentilesHistogram(false).build().merge(config);
                }
                return config;
            }

            @Override
            public MeterFilterReply accept(Meter.Id id) {
                return MeterFilterReply.NEUTRAL;
            }
        });
        return registry;
    }
}
