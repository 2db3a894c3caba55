package dev.llmgateway.core.providers.bedrock;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.provider.ChunkSink;
import dev.llmgateway.core.provider.Completion;
import dev.llmgateway.core.provider.Provider;
import dev.llmgateway.core.provider.ProviderSpec;
import dev.llmgateway.core.provider.StreamResult;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;

/**
 * Amazon Bedrock through the Converse API, with the AWS SDK as transport (SigV4, event-stream
 * framing). Enabled by {@code BEDROCK_ENABLED=true}; models are named {@code bedrock/<modelId>}.
 * This class only makes the calls; {@link BedrockTranslator} and {@link BedrockStream} translate.
 */
public final class BedrockProvider implements Provider, AutoCloseable {
    static final List<String> DEFAULT_MODELS = List.of(
            "anthropic.claude-3-5-sonnet-20240620-v1:0",
            "amazon.nova-pro-v1:0",
            "amazon.nova-lite-v1:0",
            "amazon.nova-micro-v1:0");

    public static final ProviderSpec SPEC = new ProviderSpec(BedrockTranslator.PROVIDER, "BEDROCK_ENABLED=true", List.of(),
            (env, http) -> env.flag("BEDROCK_ENABLED", false)
                    ? new BedrockProvider(env, http, DefaultCredentialsProvider.builder().build())
                    : null);

    private final BedrockClients clients;
    private final Duration requestTimeout;
    private final Duration idleTimeout;
    private final List<String> models;

    BedrockProvider(Env env, UpstreamHttp http, AwsCredentialsProvider credentials) {
        this.clients = BedrockClients.fromEnv(env, http, credentials);
        this.requestTimeout = http.requestTimeout();
        this.idleTimeout = http.streamIdleTimeout();
        this.models = ProviderSpec.models(env, "BEDROCK_MODELS", DEFAULT_MODELS).stream()
                .map(id -> id.startsWith("bedrock/") ? id : "bedrock/" + id).toList();
    }

    @Override
    public String name() {
        return BedrockTranslator.PROVIDER;
    }

    @Override
    public List<String> models() {
        return models;
    }

    @Override
    public Completion complete(ChatRequest request, String model) {
        BedrockTranslator.ConverseCall call = BedrockTranslator.request(request, model);
        ConverseResponse response;
        try {
            response = clients.sync().converse(call.converseRequest());
        } catch (RuntimeException e) {
            throw BedrockErrors.map(e, clients.origin());
        }
        return BedrockTranslator.completion(response, call.structuredOutput(), model);
    }

    @Override
    public StreamResult stream(ChatRequest request, String model, ChunkSink sink) throws IOException {
        BedrockTranslator.ConverseCall call = BedrockTranslator.request(request, model);
        BedrockStream translation = call.stream(request, sink);
        EventBridge bridge = new EventBridge();
        CompletableFuture<Void> upstream;
        try {
            upstream = clients.async().converseStream(call.converseStreamRequest(), bridge);
        } catch (RuntimeException e) {
            throw BedrockErrors.map(e, clients.origin());
        }
        bridge.watch(upstream);
        boolean started = false;
        boolean completed = false;
        try {
            while (true) {
                switch (bridge.next(started ? idleTimeout : requestTimeout)) {
                    case null -> throw GatewayError.upstreamTimeout(name(), started
                            ? "sent nothing for " + idleTimeout.toSeconds() + " s"
                            : "did not start answering within " + requestTimeout.toSeconds() + " s");
                    case EventBridge.Signal.Event e -> {
                        started = true;
                        translation.onEvent(e.event()); // writes to the client; throws IOException if it left
                        bridge.consumed();
                    }
                    case EventBridge.Signal.Completed c -> {
                        completed = true;
                        return translation.finish();
                    }
                    case EventBridge.Signal.Failed f -> throw BedrockErrors.map(f.error(), clients.origin());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw GatewayError.upstreamUnavailable(name(), "call was interrupted", e);
        } finally {
            if (!completed) { // client gone, upstream error or timeout: stop the SDK call and drop its connection
                bridge.cancel();
                upstream.cancel(true);
            }
        }
    }

    @Override
    public void close() {
        clients.close();
    }
}
