package dev.llmgateway.core.providers.bedrock;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.Timeouts;
import dev.llmgateway.core.http.UpstreamTraceInterceptor;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * The two SDK clients, built once per provider so connections are reused: a sync client on the
 * JDK's URL connection for Converse (no extra jars), and an async Netty client for ConverseStream,
 * the only kind of client that can read an event stream. Both send the attempt's {@code traceparent}.
 */
record BedrockClients(BedrockRuntimeClient sync, BedrockRuntimeAsyncClient async) implements AutoCloseable {
    /**
     * {@code endpoint} null: the SDK's endpoint for the region; {@code AWS_REGION} unset: the SDK's
     * default region chain.
     */
    static BedrockClients of(Env env, String endpoint, Timeouts timeouts, AwsCredentialsProvider credentials) {
        Region region = env.get("AWS_REGION") == null ? null : Region.of(env.get("AWS_REGION"));
        URI endpointOverride = endpoint == null ? null : URI.create(endpoint);
        Duration connect = timeouts.connect();
        // Netty's own read timeout is only a backstop: the provider's idle watch fires first.
        Duration readBackstop = timeouts.readBackstop();
        try {
            BedrockRuntimeClient sync = BedrockRuntimeClient.builder()
                    .region(region) // null: the SDK's default region chain
                    .endpointOverride(endpointOverride)
                    .credentialsProvider(credentials)
                    .httpClientBuilder(UrlConnectionHttpClient.builder()
                            .connectionTimeout(connect)
                            .socketTimeout(timeouts.request()))
                    .overrideConfiguration(o -> o
                            // The gateway does not retry for the client (as for every provider): the
                            // client's SDK retries, and stacked retries multiply the wait.
                            .retryStrategy(AwsRetryStrategy.doNotRetry())
                            .apiCallTimeout(timeouts.request())
                            .addExecutionInterceptor(new UpstreamTraceInterceptor()))
                    .build();
            BedrockRuntimeAsyncClient async = BedrockRuntimeAsyncClient.builder()
                    .region(region)
                    .endpointOverride(endpointOverride)
                    .credentialsProvider(credentials)
                    .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                            // ConverseStream is a one-way event stream over HTTP/1.1; HTTP/2 is needed
                            // only by bidirectional streams, and a plain-HTTP endpoint cannot offer it.
                            .protocol(Protocol.HTTP1_1)
                            .connectionTimeout(connect)
                            .readTimeout(readBackstop))
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                            .addExecutionInterceptor(new UpstreamTraceInterceptor()))
                    .build();
            return new BedrockClients(sync, async);
        } catch (SdkClientException e) {
            throw new IllegalStateException("Bedrock is enabled but its client could not be built (set AWS_REGION?): "
                    + e.getMessage(), e);
        }
    }

    /** Where calls go, for error messages: scheme and host only, as for every provider. */
    String origin() {
        var config = sync.serviceClientConfiguration();
        return config.endpointOverride().map(uri -> uri.getScheme() + "://" + uri.getAuthority())
                .orElse("https://bedrock-runtime." + config.region().id() + ".amazonaws.com");
    }

    @Override
    public void close() {
        sync.close();
        async.close();
    }
}
