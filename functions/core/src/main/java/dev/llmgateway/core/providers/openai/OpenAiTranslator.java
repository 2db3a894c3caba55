package dev.llmgateway.core.providers.openai;

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
import dev.llmgateway.core.provider.ChunkSink;
import dev.llmgateway.core.provider.Completion;
import dev.llmgateway.core.provider.StreamResult;
import dev.llmgateway.core.stream.Frame;
import dev.llmgateway.core.stream.FrameDecoder;
import dev.llmgateway.core.stream.SseDecoder;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The OpenAI schema on both sides, so the client's body is forwarded untouched except for two
 * fields: {@code model} (the upstream name, without a {@code openai/} prefix) and, on streams,
 * {@code stream_options.include_usage}, which the gateway always turns on so every stream is
 * metered; the usage chunk is withheld from clients that did not ask for it.
 */
final class OpenAiTranslator implements HttpTranslator {
    private final String chatUrl;
    private final String authorization;
    private final Duration timeout;

    OpenAiTranslator(String baseUrl, String apiKey, Duration timeout) {
        this.chatUrl = baseUrl + "/chat/completions";
        this.authorization = "Bearer " + apiKey;
        this.timeout = timeout;
    }

    @Override
    public HttpRequest request(ChatRequest request, String model, boolean stream) {
        return JsonRequests.post(chatUrl, body(request, model, stream), timeout, stream)
                .header("Authorization", authorization)
                .build();
    }

    static byte[] body(ChatRequest request, String model, boolean stream) {
        ObjectNode body = request.raw().deepCopy();
        body.put("model", model);
        if (stream) {
            ObjectNode options = body.with("stream_options");
            options.put("include_usage", true);
        }
        return Json.bytes(body);
    }

    @Override
    public Completion response(byte[] body, ChatRequest request, String model) {
        return new Completion(body, Usage.fromOpenAi(Json.tree(body, "openai").get("usage")));
    }

    @Override
    public FrameDecoder frameDecoder() {
        return new SseDecoder();
    }

    @Override
    public StreamTranslator streamTranslator(ChatRequest request, String model, ChunkSink sink) {
        return new Stream(sink, request.includeUsage());
    }

    @Override
    public GatewayError error(int status, HttpHeaders headers, byte[] body) {
        JsonNode error = UpstreamErrors.errorObject(body);
        return UpstreamErrors.map("openai", status, headers,
                error == null ? new String(body, StandardCharsets.UTF_8) : error.path("message").asText(null),
                error == null ? null : error.path("param").asText(null),
                error == null ? null : error.path("code").asText(null));
    }


    /** Forwards each chunk's bytes as they came, reading only what metering and error handling need. */
    private static final class Stream implements StreamTranslator {
        private final ChunkSink sink;
        private final boolean clientWantsUsage;
        private Usage usage;
        private String finishReason;
        private boolean done;

        Stream(ChunkSink sink, boolean clientWantsUsage) {
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
            JsonNode chunk = Json.tree(data);
            JsonNode error = chunk.get("error");
            if (error != null && error.isObject()) {
                throw UpstreamErrors.map("openai", 502, null, error.path("message").asText(null),
                        error.path("param").asText(null), error.path("code").asText(null));
            }
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

        @Override
        public StreamResult finish() {
            if (!done && finishReason == null) {
                throw GatewayError.upstreamUnavailable("openai", "stream ended before it was complete", null);
            }
            return new StreamResult(usage, finishReason);
        }
    }
}
