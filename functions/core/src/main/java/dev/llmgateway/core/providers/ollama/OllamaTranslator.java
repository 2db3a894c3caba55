package dev.llmgateway.core.providers.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.ContentPart;
import dev.llmgateway.core.api.FinishReason;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.Message;
import dev.llmgateway.core.api.ResponseFormat;
import dev.llmgateway.core.api.Role;
import dev.llmgateway.core.api.Tool;
import dev.llmgateway.core.api.ToolCall;
import dev.llmgateway.core.api.ToolChoice;
import dev.llmgateway.core.api.TokenCount;
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
import dev.llmgateway.core.spi.Ids;
import dev.llmgateway.core.spi.RequestChecks;
import dev.llmgateway.core.spi.StreamEnd;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.spi.ToolArguments;
import dev.llmgateway.core.stream.Frame;
import dev.llmgateway.core.stream.FrameDecoder;
import dev.llmgateway.core.stream.NdjsonDecoder;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI chat to Ollama's native {@code /api/chat} and back. Structured outputs use Ollama's
 * {@code format} (a JSON schema, or "json"); sampling goes into {@code options}; streams are NDJSON.
 */
final class OllamaTranslator implements HttpTranslator {
    private final Endpoint endpoint;
    private final String provider;
    private final Duration timeout;

    OllamaTranslator(Endpoint endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.provider = endpoint.name();
        this.timeout = timeout;
    }

    @Override
    public Call call(ChatRequest request, String model, boolean stream) {
        byte[] body = Json.bytes(body(request, model, stream, provider));
        return new Call() {
            @Override
            public HttpRequest request() {
                return endpoint.auth().apply(JsonRequests.post(endpoint.baseUrl() + "/api/chat", body, timeout, stream)).build();
            }

            @Override
            public Completion response(byte[] answer) {
                return OllamaTranslator.this.response(answer, model);
            }

            @Override
            public StreamTranslator stream(ChunkSink sink) {
                return new Stream(provider, new ChunkEmitter(sink, request, model));
            }
        };
    }

    static ObjectNode body(ChatRequest request, String model, boolean stream, String provider) {
        RequestChecks.translatable(request, provider);
        ObjectNode body = Json.object();
        body.put("model", model);
        body.set("messages", messages(request.messages(), provider));
        if (!request.tools().isEmpty() && request.toolChoice() != ToolChoice.Mode.NONE) {
            if (request.toolChoice() == ToolChoice.Mode.REQUIRED || request.toolChoice() instanceof ToolChoice.Function) {
                throw GatewayError.unsupported(provider, "tool_choice", "Ollama lets the model decide; use 'auto' or 'none'");
            }
            ArrayNode tools = body.putArray("tools");
            for (Tool tool : request.tools()) {
                ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
                fn.put("name", tool.name());
                if (tool.description() != null) fn.put("description", tool.description());
                fn.set("parameters", tool.parameters() == null ? Json.object().put("type", "object") : tool.parameters());
            }
        }
        switch (request.responseFormat()) {
            case ResponseFormat.JsonSchema schema -> body.set("format", schema.schema());
            case ResponseFormat.JsonObject ignored -> body.put("format", "json");
            case null, default -> { }
        }
        ObjectNode options = Json.object();
        if (request.temperature() != null) options.put("temperature", request.temperature());
        if (request.topP() != null) options.put("top_p", request.topP());
        if (request.maxTokens() != null) options.put("num_predict", request.maxTokens());
        if (request.seed() != null) options.put("seed", request.seed());
        if (!request.stop().isEmpty()) {
            ArrayNode stop = options.putArray("stop");
            request.stop().forEach(stop::add);
        }
        if (!options.isEmpty()) body.set("options", options);
        // Ollama's thinking is on or off (gpt-oss also takes the words); any effort but none turns it on.
        if (request.reasoningEffort() != null) body.put("think", request.reasoningEffort().thinks());
        body.put("stream", stream);
        return body;
    }

    private static ArrayNode messages(List<Message> messages, String provider) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        Map<String, String> toolNames = new HashMap<>(); // Ollama names a tool result by function, not call id
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            ObjectNode m = out.addObject();
            m.put("role", message.role().wire());
            m.put("content", message.text());
            if (message.hasImages()) m.set("images", images(message, i, provider));
            if (!message.toolCalls().isEmpty()) {
                ArrayNode calls = m.putArray("tool_calls");
                for (int j = 0; j < message.toolCalls().size(); j++) {
                    ToolCall call = message.toolCalls().get(j);
                    if (call.id() != null) toolNames.put(call.id(), call.name());
                    ObjectNode fn = calls.addObject().putObject("function");
                    fn.put("name", call.name());
                    fn.set("arguments", ToolArguments.object(call.arguments(), ToolArguments.path(i, j)));
                }
            }
            if (message.role() == Role.TOOL) {
                String name = toolNames.get(message.toolCallId());
                if (name != null) m.put("tool_name", name);
            }
        }
        return out;
    }

    private static ArrayNode images(Message message, int index, String provider) {
        ArrayNode images = Json.MAPPER.createArrayNode();
        for (int j = 0; j < message.content().size(); j++) {
            if (message.content().get(j) instanceof ContentPart.Image image) {
                ContentPart.InlineImage inline = image.inline();
                if (inline == null) {
                    throw GatewayError.unsupported(provider, "messages[" + index + "].content[" + j + "].image_url",
                            "Ollama takes images inline; send a base64 data: URL");
                }
                images.add(inline.base64());
            }
        }
        return images;
    }

    private Completion response(byte[] body, String model) {
        JsonNode root = Json.tree(body, provider);
        JsonNode message = root.path("message");
        List<ToolCall> calls = toolCalls(message);
        return Completions.single(root.path("model").asText(model), created(root), message.path("content").asText(""),
                message.path("thinking").asText(""), calls, finishReason(root.path("done_reason").asText(""), !calls.isEmpty()), usage(root));
    }

    private static List<ToolCall> toolCalls(JsonNode message) {
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode fn = call.path("function");
            JsonNode args = fn.path("arguments");
            String id = call.path("id").asText("");
            calls.add(new ToolCall(id.isEmpty() ? Ids.toolCall() : id, fn.path("name").asText(),
                    args.isMissingNode() || args.isNull() ? "{}" : args.isTextual() ? args.asText() : args.toString()));
        }
        return calls;
    }

    private static String finishReason(String doneReason, boolean calledTools) {
        if (doneReason.equals("length")) return FinishReason.LENGTH;
        return calledTools ? FinishReason.TOOL_CALLS : FinishReason.STOP;
    }

    private static Usage usage(JsonNode root) {
        return Usage.of(TokenCount.read(root.get("prompt_eval_count")), TokenCount.read(root.get("eval_count")));
    }

    private static long created(JsonNode root) {
        try {
            return Instant.parse(root.path("created_at").asText()).getEpochSecond();
        } catch (DateTimeParseException e) {
            return Instant.now().getEpochSecond();
        }
    }

    @Override
    public FrameDecoder frameDecoder() {
        return new NdjsonDecoder();
    }

    @Override
    public GatewayError error(int status, HttpHeaders headers, byte[] body) {
        String message;
        try {
            message = Json.tree(body).path("error").asText(null);
        } catch (IOException e) {
            message = null;
        }
        return UpstreamErrors.map(provider, status, headers,
                message != null ? message : new String(body, StandardCharsets.UTF_8), null, null);
    }

    /** One NDJSON object per line: content deltas, complete tool calls, and a final {@code done} line with counts. */
    private static final class Stream implements StreamTranslator {
        private final String provider;
        private final ChunkEmitter out;
        private StreamResult result;

        Stream(String provider, ChunkEmitter out) {
            this.provider = provider;
            this.out = out;
        }

        @Override
        public void onFrame(Frame frame) throws IOException {
            JsonNode line = Json.tree(frame.data());
            if (line.hasNonNull("error")) {
                throw UpstreamErrors.map(provider, 502, null, line.path("error").asText(), null, null);
            }
            JsonNode message = line.path("message");
            out.reasoning(message.path("thinking").asText(""));
            out.text(message.path("content").asText(""));
            out.toolCalls(toolCalls(message));
            if (line.path("done").asBoolean(false)) {
                result = out.finish(finishReason(line.path("done_reason").asText(""), out.calledTools()), usage(line));
            }
        }

        @Override
        public StreamResult finish() {
            return StreamEnd.require(result, result != null, provider);
        }
    }
}
