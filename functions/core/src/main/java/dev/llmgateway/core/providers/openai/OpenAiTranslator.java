package dev.llmgateway.core.providers.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.http.HttpTranslator;
import dev.llmgateway.core.http.JsonRequests;
import dev.llmgateway.core.http.StreamTranslator;
import dev.llmgateway.core.http.UpstreamErrors;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.Endpoint;
import dev.llmgateway.core.spi.StreamEnd;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.stream.Frame;
import dev.llmgateway.core.stream.FrameDecoder;
import dev.llmgateway.core.stream.SseDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The OpenAI chat schema on both sides, for OpenAI and every OpenAI-compatible provider: the
 * client's body is forwarded untouched except for {@code model} (the upstream name, without the
 * {@code <provider>/} prefix), the provider's declared {@link ChatQuirks}, and, on streams,
 * {@code stream_options.include_usage}, which the gateway turns on (where the provider takes it)
 * so every stream is metered; the usage chunk is withheld from clients that did not ask for it.
 */
final class OpenAiTranslator implements HttpTranslator {
    private final Endpoint endpoint;
    private final ChatQuirks quirks;
    private final Duration timeout;

    OpenAiTranslator(Endpoint endpoint, ChatQuirks quirks, Duration timeout) {
        this.endpoint = endpoint;
        this.quirks = quirks;
        this.timeout = timeout;
    }

    @Override
    public Call call(ChatRequest request, String model, boolean stream) {
        quirks.check(request, endpoint.name());
        byte[] body = body(request, model, stream, quirks);
        return new Call() {
            @Override
            public HttpRequest request() {
                return endpoint.auth().apply(JsonRequests.post(quirks.url(endpoint.baseUrl(), model), body, timeout, stream))
                        .build();
            }

            @Override
            public Completion response(byte[] answer) {
                JsonNode root = Json.tree(answer, endpoint.name());
                java.util.List<String> reasons = new java.util.ArrayList<>();
                for (JsonNode choice : root.path("choices")) reasons.add(choice.path("finish_reason").asText(null));
                return new Completion(answer, Usage.fromOpenAi(root.get("usage"))).withResponse(root.path("id").asText(null), reasons);
            }

            @Override
            public StreamTranslator stream(ChunkSink sink) {
                return new Stream(endpoint.name(), sink, request.includeUsage());
            }
        };
    }

    static byte[] body(ChatRequest request, String model, boolean stream, ChatQuirks quirks) {
        ObjectNode body = request.raw().deepCopy();
        // Claude's signed thinking, which a client sends back for a Claude tool loop, is no OpenAI field.
        for (JsonNode message : body.path("messages")) if (message instanceof ObjectNode m) m.remove("thinking_blocks");
        body.put("model", model);
        quirks.rewrite(body);
        if (stream && quirks.streamUsage()) {
            ObjectNode options = body.with("stream_options");
            options.put("include_usage", true);
        }
        return Json.bytes(body);
    }

    @Override
    public FrameDecoder frameDecoder() {
        return new SseDecoder();
    }

    @Override
    public GatewayError error(int status, HttpHeaders headers, byte[] body) {
        JsonNode error = UpstreamErrors.errorObject(body);
        return UpstreamErrors.map(endpoint.name(), status, headers,
                error == null ? new String(body, StandardCharsets.UTF_8) : error.path("message").asText(null),
                error == null ? null : error.path("param").asText(null),
                error == null ? null : error.path("code").asText(null));
    }

    /** Forwards each chunk's bytes as they came, reading only what metering and error handling need. */
    private static final class Stream implements StreamTranslator {
        private final String provider;
        private final ChunkSink sink;
        private final boolean clientWantsUsage;
        private Usage usage;
        private String finishReason;
        private String responseId;
        private boolean done;

        Stream(String provider, ChunkSink sink, boolean clientWantsUsage) {
            this.provider = provider;
            this.sink = sink;
            this.clientWantsUsage = clientWantsUsage;
        }

        @Override
        public void onFrame(Frame frame) throws IOException {
            String data = frame.data();
            if (data.equals("[DONE]")) {
                done = true;
                return;
            }
            if (plainDelta(data)) {
                sink.send(data.getBytes(StandardCharsets.UTF_8));
                return;
            }
            JsonNode chunk = Json.tree(data);
            JsonNode error = chunk.get("error");
            if (error != null && error.isObject()) {
                throw UpstreamErrors.map(provider, 502, null, error.path("message").asText(null),
                        error.path("param").asText(null), error.path("code").asText(null));
            }
            if (responseId == null && chunk.path("id").isTextual()) responseId = chunk.path("id").asText();
            JsonNode choices = chunk.path("choices");
            JsonNode reason = choices.path(0).path("finish_reason");
            if (reason.isTextual()) finishReason = reason.asText();
            JsonNode usageNode = chunk.get("usage");
            if (usageNode != null && usageNode.isObject()) {
                // Usage may come on any chunk (some compatible upstreams put it beside the last choice).
                usage = Usage.fromOpenAi(usageNode);
                if (!clientWantsUsage) {
                    if (choices.isEmpty()) return;
                    ((ObjectNode) chunk).remove("usage");
                    sink.send(Json.bytes(chunk));
                    return;
                }
            }
            sink.send(data.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * The fast path for the usual chunk: reads its top level with a streaming parser, no tree,
         * noting {@code choices[0].finish_reason}. Returns false, having noted nothing, for a chunk
         * that carries an {@code error} or {@code usage} object, or is not an object: the tree path
         * above handles those. Malformed JSON fails as it does there.
         */
        private boolean plainDelta(String data) {
            try (JsonParser p = Json.MAPPER.createParser(data)) {
                if (p.nextToken() != JsonToken.START_OBJECT) return false;
                String reason = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    switch (field) {
                        case "error", "usage" -> {
                            if (value == JsonToken.START_OBJECT) return false;
                        }
                        case "choices" -> reason = value == JsonToken.START_ARRAY ? firstFinishReason(p) : null;
                        case "id" -> {
                            if (value == JsonToken.VALUE_STRING && responseId == null) responseId = p.getText();
                            else p.skipChildren();
                        }
                        default -> p.skipChildren();
                    }
                    // a duplicate field counts as its last occurrence, as in the tree
                }
                if (reason != null) finishReason = reason;
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** With the parser on a {@code choices} array: the first choice's textual finish_reason, the rest skipped. */
        private static String firstFinishReason(JsonParser p) throws IOException {
            String reason = null;
            JsonToken first = p.nextToken();
            if (first == JsonToken.END_ARRAY) return null;
            if (first == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    boolean isReason = p.currentName().equals("finish_reason");
                    JsonToken value = p.nextToken();
                    if (isReason) reason = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    else p.skipChildren();
                }
            } else {
                p.skipChildren();
            }
            while (p.nextToken() != JsonToken.END_ARRAY) p.skipChildren();
            return reason;
        }

        @Override
        public StreamResult finish() {
            return StreamEnd.require(new StreamResult(usage, finishReason, null, responseId), done || finishReason != null, provider);
        }
    }
}
