package dev.llmgateway.core.providers.anthropic;

import dev.llmgateway.core.api.MessagesRequest;
import dev.llmgateway.core.http.HttpProvider;
import dev.llmgateway.core.http.HttpTranslator;
import dev.llmgateway.core.http.JsonRequests;
import dev.llmgateway.core.http.StreamTranslator;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.messages.EventRelay;
import dev.llmgateway.core.messages.MessagesUsage;
import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.Endpoint;
import dev.llmgateway.core.spi.MessagesApi;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.spi.TokenCounter;
import dev.llmgateway.core.stream.Frame;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Messages-schema provider: OpenAI chat translated by {@link AnthropicTranslator}, and inbound
 * {@code /v1/messages} passed through on the same transport, with only {@code model} rewritten
 * and the client's {@code anthropic-version}/{@code anthropic-beta} passed on.
 */
final class AnthropicProvider extends HttpProvider implements MessagesApi, TokenCounter {
    private final Endpoint endpoint;
    private final Duration timeout;

    AnthropicProvider(Endpoint endpoint, AnthropicTranslator translator, UpstreamHttp http, List<String> models) {
        super(endpoint.name(), translator, http, models);
        this.endpoint = endpoint;
        this.timeout = http.timeouts().request();
    }

    @Override
    public Completion messages(MessagesRequest request, String model) {
        return complete(new Passthrough(request, model, "/v1/messages", false));
    }

    @Override
    public StreamResult streamMessages(MessagesRequest request, String model, ChunkSink events) throws IOException {
        return stream(new Passthrough(request, model, "/v1/messages", true), events);
    }

    @Override
    public Completion countTokens(MessagesRequest request, String model) {
        Completion counted = complete(new Passthrough(request, model, "/v1/messages/count_tokens", false));
        return new Completion(counted.body(), null);
    }

    /** One passthrough call: the client's bytes up, the upstream's bytes down, usage read on the way. */
    private final class Passthrough implements HttpTranslator.Call {
        private final MessagesRequest request;
        private final String model;
        private final String path;
        private final boolean stream;

        Passthrough(MessagesRequest request, String model, String path, boolean stream) {
            this.request = request;
            this.model = model;
            this.path = path;
            this.stream = stream;
        }

        @Override
        public HttpRequest request() {
            HttpRequest.Builder builder = endpoint.auth().apply(
                    JsonRequests.post(endpoint.baseUrl() + path, request.bodyFor(model), timeout, stream));
            builder.header("anthropic-version", request.headers().getOrDefault("anthropic-version", AnthropicTranslator.API_VERSION));
            for (Map.Entry<String, String> header : request.headers().entrySet()) {
                if (!header.getKey().equals("anthropic-version")) builder.header(header.getKey(), header.getValue());
            }
            return builder.build();
        }

        @Override
        public Completion response(byte[] body) {
            MessagesUsage tokens = new MessagesUsage();
            com.fasterxml.jackson.databind.JsonNode root = Json.tree(body, endpoint.name());
            tokens.update(root.path("usage"));
            return new Completion(body, tokens.usage()).withResponse(root.path("id").asText(null),
                    java.util.Collections.singletonList(root.path("stop_reason").asText(null)));
        }

        @Override
        public StreamTranslator stream(ChunkSink sink) {
            return new Relay(sink);
        }
    }

    /** Each upstream SSE event to the shared {@link EventRelay}. */
    private final class Relay implements StreamTranslator {
        private final EventRelay relay;

        Relay(ChunkSink sink) {
            this.relay = new EventRelay(sink, endpoint.name());
        }

        @Override
        public void onFrame(Frame frame) throws IOException {
            relay.relay(frame.event(), frame.data());
        }

        @Override
        public StreamResult finish() {
            return relay.finish();
        }
    }
}
