package dev.llmgateway.core.providers.bedrock;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.EmbeddingsRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.MessagesRequest;
import dev.llmgateway.core.api.TokenCount;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.embeddings.TextBatches;
import dev.llmgateway.core.http.Timeouts;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.messages.EventRelay;
import dev.llmgateway.core.messages.MessagesUsage;
import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.EmbeddingsApi;
import dev.llmgateway.core.spi.MessagesApi;
import dev.llmgateway.core.spi.Provider;
import dev.llmgateway.core.spi.StreamResult;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.PayloadPart;

/**
 * The Bedrock Converse schema, with the AWS SDK as transport (SigV4, event-stream framing). This
 * class only makes the calls; {@link BedrockTranslator} and {@link BedrockStream} translate. Its
 * time limits are the shared {@link Timeouts}: a stream must start within the request limit and
 * then never stay silent longer than the idle limit, as for every HTTP provider. Embeddings, and
 * inbound {@code /v1/messages} on Claude, go through InvokeModel in the body of the model's
 * {@link BedrockFamily}.
 */
public final class BedrockProvider implements Provider, EmbeddingsApi, MessagesApi, AutoCloseable {
    /** Bedrock's count of a call's input tokens, on InvokeModel answers. */
    static final String INPUT_TOKENS_HEADER = "X-Amzn-Bedrock-Input-Token-Count";
    private static final String JSON = "application/json";

    private final String name;
    private final BedrockTranslator translator;
    private final BedrockClients clients;
    private final Timeouts timeouts;
    private final List<String> models;

    BedrockProvider(String name, BedrockClients clients, Timeouts timeouts, List<String> models) {
        this.name = name;
        this.translator = new BedrockTranslator(name);
        this.clients = clients;
        this.timeouts = timeouts;
        this.models = List.copyOf(models);
    }

    /**
     * The provider for {@code endpoint} (null: the region's), credentials from the AWS default
     * chain (on Lambda, the function's role).
     */
    public static BedrockProvider create(String name, Env env, String endpoint, Timeouts timeouts, List<String> models) {
        return new BedrockProvider(name, BedrockClients.of(env, endpoint, timeouts, DefaultCredentialsProvider.builder().build()),
                timeouts, models);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> models() {
        return models;
    }

    @Override
    public Completion complete(ChatRequest request, String model) {
        BedrockTranslator.ConverseCall call = translator.request(request, model);
        ConverseResponse response;
        try {
            response = clients.sync().converse(call.converseRequest());
        } catch (RuntimeException e) {
            throw BedrockErrors.map(name, e, clients.origin());
        }
        return translator.completion(response, call, model);
    }

    @Override
    public StreamResult stream(ChatRequest request, String model, ChunkSink sink) throws IOException {
        BedrockTranslator.ConverseCall call = translator.request(request, model);
        BedrockStream translation = call.stream(request, sink);
        EventBridge.Converse bridge = new EventBridge.Converse();
        CompletableFuture<Void> upstream;
        try {
            upstream = clients.async().converseStream(call.converseStreamRequest(), bridge);
        } catch (RuntimeException e) {
            throw BedrockErrors.map(name, e, clients.origin());
        }
        return pump(bridge, upstream, translation::onEvent, translation::finish);
    }

    /** What the request's thread does with one event of a stream; throws IOException if the client left. */
    @FunctionalInterface
    private interface EventConsumer<E> {
        void accept(E event) throws IOException;
    }

    /** What ends a stream once its last event was consumed. */
    @FunctionalInterface
    private interface StreamEnding {
        StreamResult finish() throws IOException;
    }

    /**
     * Consumes a started event stream on the request's thread, under the shared time limits: the
     * first event within the request limit, then never silent longer than the idle limit. Any exit
     * before the end (client gone, upstream error, timeout) stops the SDK call and drops its connection.
     */
    private <E> StreamResult pump(EventBridge<?, E> bridge, CompletableFuture<Void> upstream, EventConsumer<E> consumer,
                                  StreamEnding ending) throws IOException {
        bridge.watch(upstream);
        boolean started = false;
        boolean completed = false;
        try {
            while (true) {
                switch (bridge.next(started ? timeouts.streamIdle() : timeouts.request())) {
                    case null -> throw started ? timeouts.silent(name) : timeouts.notStarted(name);
                    case EventBridge.Signal.Event<E> e -> {
                        started = true;
                        consumer.accept(e.event()); // writes to the client; throws IOException if it left
                        bridge.consumed();
                    }
                    case EventBridge.Signal.Completed<E> c -> {
                        completed = true;
                        return ending.finish();
                    }
                    case EventBridge.Signal.Failed<E> f -> throw BedrockErrors.map(name, f.error(), clients.origin());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw GatewayError.upstreamUnavailable(name, "call was interrupted", e);
        } finally {
            if (!completed) {
                bridge.cancel();
                upstream.cancel(true);
            }
        }
    }

    /** Claude's families take Anthropic's Messages body through InvokeModel; every other model is translated. */
    @Override
    public boolean passesThrough(String model) {
        return BedrockFamily.of(model).anthropicMessages();
    }

    @Override
    public Completion messages(MessagesRequest request, String model) {
        byte[] answer = invoke(model, ClaudeOnBedrock.body(request)).body().asByteArray();
        MessagesUsage tokens = new MessagesUsage();
        tokens.update(Json.tree(answer, name).path("usage"));
        return new Completion(answer, tokens.usage());
    }

    @Override
    public StreamResult streamMessages(MessagesRequest request, String model, ChunkSink events) throws IOException {
        EventRelay relay = new EventRelay(events, name);
        EventBridge.Invoke bridge = new EventBridge.Invoke();
        CompletableFuture<Void> upstream;
        try {
            upstream = clients.async().invokeModelWithResponseStream(InvokeModelWithResponseStreamRequest.builder()
                    .modelId(model).contentType(JSON).accept(JSON).body(SdkBytes.fromByteArrayUnsafe(ClaudeOnBedrock.body(request)))
                    .build(), bridge);
        } catch (RuntimeException e) {
            throw BedrockErrors.map(name, e, clients.origin());
        }
        return pump(bridge, upstream, event -> {
            if (event instanceof PayloadPart chunk) { // each chunk is one Anthropic event, as JSON
                String data = chunk.bytes().asUtf8String();
                relay.relay(Json.tree(data).path("type").asText(null), data);
            }
        }, relay::finish);
    }

    @Override
    public Completion embed(EmbeddingsRequest request, String model) {
        InvokeEmbeddings dialect = BedrockFamily.of(model).embeddings();
        if (dialect == null) {
            throw GatewayError.unsupported(name, "model", "'" + model + "' is not a Bedrock embedding model the gateway "
                    + "speaks (Amazon Titan Text Embeddings v2, Cohere Embed v3)");
        }
        List<String> texts = TextBatches.texts(request, name, "Bedrock");
        return TextBatches.embed(request, texts, dialect.perCall(), name, batch -> {
            InvokeModelResponse answer = invoke(model, dialect.body(batch, request.dimensions(), name));
            return dialect.answer(answer.body().asByteArray(), inputTokens(answer), name);
        });
    }

    /** One buffered InvokeModel call with a JSON body, errors mapped as for Converse. */
    InvokeModelResponse invoke(String model, byte[] body) {
        try {
            return clients.sync().invokeModel(InvokeModelRequest.builder().modelId(model)
                    .contentType(JSON).accept(JSON).body(SdkBytes.fromByteArrayUnsafe(body)).build());
        } catch (RuntimeException e) {
            throw BedrockErrors.map(name, e, clients.origin());
        }
    }

    private static Integer inputTokens(InvokeModelResponse answer) {
        return answer.sdkHttpResponse().firstMatchingHeader(INPUT_TOKENS_HEADER).map(value -> {
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                return TokenCount.UNREADABLE; // counted as a protocol error downstream, never a credit
            }
        }).orElse(null);
    }

    @Override
    public void close() {
        clients.close();
    }
}
