package dev.llmgateway.core.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.EmbeddingsRequest;
import dev.llmgateway.core.api.ResponsesRequest;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.http.BufferedCall;
import dev.llmgateway.core.http.HttpProvider;
import dev.llmgateway.core.http.HttpTranslator;
import dev.llmgateway.core.http.JsonRequests;
import dev.llmgateway.core.http.StreamTranslator;
import dev.llmgateway.core.http.UpstreamErrors;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.EmbeddingsApi;
import dev.llmgateway.core.spi.Endpoint;
import dev.llmgateway.core.spi.ResponsesApi;
import dev.llmgateway.core.spi.StreamEnd;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.stream.Frame;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * An OpenAI-schema provider: chat through {@link OpenAiTranslator}, and embeddings passed through
 * to {@code {base}/embeddings} on the same transport, with only {@code model} rewritten (the
 * client's {@code encoding_format} reaches the upstream as sent, so base64 stays the upstream's own).
 * Where the row declares it ({@link ChatQuirks#responses()}), the Responses API is passed through
 * the same way to {@code {base}/responses}.
 */
final class OpenAiProvider extends HttpProvider implements EmbeddingsApi, ResponsesApi {
    private final Endpoint endpoint;
    private final ChatQuirks quirks;
    private final Duration timeout;

    OpenAiProvider(Endpoint endpoint, OpenAiTranslator translator, ChatQuirks quirks, UpstreamHttp http, List<String> models) {
        super(endpoint.name(), translator, http, models);
        this.endpoint = endpoint;
        this.quirks = quirks;
        this.timeout = http.timeouts().request();
    }

    @Override
    public Completion embed(EmbeddingsRequest request, String model) {
        HttpRequest upstream = endpoint.auth().apply(JsonRequests.post(endpoint.baseUrl() + "/embeddings",
                request.bodyFor(model), timeout, false)).build();
        return complete(new BufferedCall(upstream,
                body -> new Completion(body, Usage.fromOpenAi(Json.tree(body, endpoint.name()).get("usage")))));
    }

    @Override
    public boolean servesResponses() {
        return quirks.responses();
    }

    @Override
    public Completion respond(ResponsesRequest request, String model) {
        return complete(new BufferedCall(post(request, model, false),
                body -> {
                    JsonNode root = Json.tree(body, endpoint.name());
                    return new Completion(body, Usage.fromResponses(root.get("usage"))).withResponse(root.path("id").asText(null),
                            java.util.Collections.singletonList(root.path("status").asText(null)));
                }));
    }

    @Override
    public StreamResult streamResponse(ResponsesRequest request, String model, ChunkSink events) throws IOException {
        HttpRequest upstream = post(request, model, true);
        return stream(new HttpTranslator.Call() {
            @Override
            public HttpRequest request() {
                return upstream;
            }

            @Override
            public Completion response(byte[] body) {
                throw new IllegalStateException("a stream has no buffered body");
            }

            @Override
            public StreamTranslator stream(ChunkSink sink) {
                return new EventRelay(sink);
            }
        }, events);
    }

    @Override
    public byte[] held(String method, String id, String suffix, String query) {
        URI uri = URI.create(quirks.responsesUrl(endpoint.baseUrl(), "/" + id + suffix, query));
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).header("Accept", "application/json").timeout(timeout)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if ("http".equalsIgnoreCase(uri.getScheme())) builder.version(HttpClient.Version.HTTP_1_1);
        return complete(new BufferedCall(endpoint.auth().apply(builder).build(), body -> new Completion(body, null))).body();
    }

    private HttpRequest post(ResponsesRequest request, String model, boolean stream) {
        return endpoint.auth().apply(JsonRequests.post(quirks.responsesUrl(endpoint.baseUrl(), "", null),
                request.bodyFor(model), timeout, stream)).build();
    }

    /**
     * Relays each upstream event as it came (its name and data unchanged), reading usage from the
     * terminal event ({@code response.completed}, {@code .incomplete} or {@code .failed}). An
     * upstream {@code error} event is raised, so the edge ends the stream with its own error event.
     */
    private final class EventRelay implements StreamTranslator {
        private final ChunkSink sink;
        private Usage usage;
        private String status;
        private String responseId;

        EventRelay(ChunkSink sink) {
            this.sink = sink;
        }

        @Override
        public void onFrame(Frame frame) throws IOException {
            String type = frame.event();
            if (frame.data().equals("[DONE]")) return; // not sent by OpenAI; some compatible servers end with it
            if ("error".equals(type)) {
                JsonNode error = Json.tree(frame.data());
                JsonNode body = error.has("error") ? error.get("error") : error;
                throw UpstreamErrors.map(endpoint.name(), 502, null, body.path("message").asText(null),
                        body.path("param").asText(null), body.path("code").asText(null));
            }
            if (type != null && (type.equals("response.completed") || type.equals("response.incomplete")
                    || type.equals("response.failed"))) {
                JsonNode response = Json.tree(frame.data()).path("response");
                usage = Usage.fromResponses(response.get("usage"));
                status = response.path("status").asText(type.substring("response.".length()));
                responseId = response.path("id").asText(null);
            }
            String event = (type == null ? "" : "event: " + type + "\n") + "data: " + frame.data().replace("\n", "\ndata: ") + "\n\n";
            sink.send(event.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public StreamResult finish() {
            return StreamEnd.require(new StreamResult(usage, status, null, responseId), status != null, endpoint.name());
        }
    }
}
