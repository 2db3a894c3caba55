package dev.llmgateway.core.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.http.HttpTranslator;
import dev.llmgateway.core.http.JsonRequests;
import dev.llmgateway.core.http.StreamTranslator;
import dev.llmgateway.core.http.UpstreamErrors;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.ChunkEmitter;
import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.Completions;
import dev.llmgateway.core.spi.Endpoint;
import dev.llmgateway.core.spi.StreamEnd;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.stream.Frame;
import dev.llmgateway.core.stream.FrameDecoder;
import dev.llmgateway.core.stream.SseDecoder;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * OpenAI chat to the Gemini API's {@code generateContent} and back; streams use
 * {@code streamGenerateContent?alt=sse}, whose SSE events each carry a whole
 * {@code GenerateContentResponse} and which ends without a terminator. The API key travels in the
 * {@code x-goog-api-key} header, never in the URL (URLs end up in logs).
 */
final class GeminiTranslator implements HttpTranslator {
    private final Endpoint endpoint;
    private final String provider;
    private final GeminiRequestBody bodies;
    private final Duration timeout;

    GeminiTranslator(Endpoint endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.provider = endpoint.name();
        this.bodies = new GeminiRequestBody(provider);
        this.timeout = timeout;
    }

    @Override
    public Call call(ChatRequest request, String model, boolean stream) {
        GeminiModel gemini = GeminiModel.of(model, provider);
        byte[] body = Json.bytes(bodies.of(request, gemini));
        String url = endpoint.baseUrl() + "/v1beta/" + gemini.resource()
                + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
        return new Call() {
            @Override
            public HttpRequest request() {
                return endpoint.auth().apply(JsonRequests.post(url, body, timeout, stream)).build();
            }

            @Override
            public Completion response(byte[] answer) {
                return GeminiTranslator.this.response(answer, model);
            }

            @Override
            public StreamTranslator stream(ChunkSink sink) {
                return new Stream(provider, new ChunkEmitter(sink, request, model));
            }
        };
    }

    private Completion response(byte[] body, String model) {
        JsonNode root = Json.tree(body, provider);
        GeminiAnswer answer = GeminiAnswer.of(root);
        boolean calledTools = !answer.toolCalls().isEmpty();
        String reason = GeminiAnswer.openAiReason(answer.finishReason(), answer.blockReason(), calledTools, provider);
        if (reason == null) {
            if (!root.path("candidates").path(0).isObject()) {
                throw GatewayError.upstreamUnavailable(provider, "returned no candidate and no block reason", null);
            }
            reason = GeminiAnswer.openAiReason("STOP", null, calledTools, provider); // a whole answer has ended
        }
        return Completions.single(root.path("modelVersion").asText(model), Completions.now(), answer.text(), answer.reasoning(),
                answer.toolCalls(), reason, answer.usage()).withResponseId(root.path("responseId").asText(null));
    }

    @Override
    public FrameDecoder frameDecoder() {
        return new SseDecoder();
    }

    /**
     * Gemini's error body is {@code {"error":{"code","message","status","details"}}}. An invalid API
     * key comes as 400 with reason API_KEY_INVALID and is reported as the 401 it is; a 429's
     * {@code RetryInfo.retryDelay} stands in for a missing Retry-After header.
     */
    @Override
    public GatewayError error(int status, HttpHeaders headers, byte[] body) {
        JsonNode error = errorNode(body);
        if (error == null) {
            return UpstreamErrors.map(provider, status, headers, new String(body, StandardCharsets.UTF_8), null, null);
        }
        int mapped = status;
        Duration retryDelay = null;
        for (JsonNode detail : error.path("details")) {
            if (status == 400 && "API_KEY_INVALID".equals(detail.path("reason").asText())) mapped = 401;
            if (detail.path("retryDelay").isTextual()) retryDelay = seconds(detail.path("retryDelay").asText());
        }
        if (retryDelay != null && (headers == null || headers.firstValue("retry-after").isEmpty())) {
            headers = HttpHeaders.of(Map.of("retry-after", List.of(Long.toString(retryDelay.toSeconds()))), (k, v) -> true);
        }
        return UpstreamErrors.map(provider, mapped, headers, message(error), null, null);
    }

    private static JsonNode errorNode(byte[] body) {
        try {
            JsonNode root = Json.tree(body);
            // Gemini sometimes wraps the error object in an array.
            JsonNode error = (root != null && root.isArray() ? root.path(0) : root).path("error");
            return error.isObject() ? error : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String message(JsonNode error) {
        String message = error.path("message").asText("");
        String status = error.path("status").asText("");
        return status.isEmpty() ? message : message + " (" + status + ")";
    }

    /** A protobuf Duration as JSON ("37s", "1.5s"), rounded up to whole seconds; null if unreadable. */
    private static Duration seconds(String value) {
        if (!value.endsWith("s")) return null;
        try {
            return Duration.ofSeconds(new BigDecimal(value.substring(0, value.length() - 1))
                    .setScale(0, RoundingMode.CEILING).longValueExact());
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
    }

    /**
     * One SSE event per {@code GenerateContentResponse}: text deltas, whole function calls, and
     * usage on every chunk (cumulative, so the last one counts). The finish reason arrives on the
     * last chunk; the closing chunks are sent at end of input, once usage is final. A stream that
     * ends without a finish reason was cut off and is an error, not a short answer.
     */
    private static final class Stream implements StreamTranslator {
        private final String provider;
        private final ChunkEmitter out;
        private String finishReason;
        private String blockReason;
        private Usage usage;

        Stream(String provider, ChunkEmitter out) {
            this.provider = provider;
            this.out = out;
        }

        @Override
        public void onFrame(Frame frame) throws IOException {
            JsonNode chunk = Json.tree(frame.data());
            JsonNode error = chunk.path("error");
            if (error.isObject()) {
                int code = error.path("code").asInt(502);
                throw UpstreamErrors.map(provider, code >= 400 && code < 600 ? code : 502, null, message(error), null, null);
            }
            out.upstreamId(chunk.path("responseId").asText(null));
            GeminiAnswer answer = GeminiAnswer.of(chunk);
            out.reasoning(answer.reasoning());
            out.text(answer.text());
            out.toolCalls(answer.toolCalls());
            if (answer.finishReason() != null) finishReason = answer.finishReason();
            if (answer.blockReason() != null) blockReason = answer.blockReason();
            if (answer.usage() != null) usage = answer.usage();
        }

        @Override
        public StreamResult finish() throws IOException {
            String reason = GeminiAnswer.openAiReason(finishReason, blockReason, out.calledTools(), provider);
            StreamEnd.require(reason, reason != null, provider);
            return out.finish(reason, usage);
        }
    }
}
