package dev.llmgateway.core.providers.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.ChatCompletion;
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
import dev.llmgateway.core.provider.ChunkEmitter;
import dev.llmgateway.core.provider.ChunkSink;
import dev.llmgateway.core.provider.Completion;
import dev.llmgateway.core.provider.Ids;
import dev.llmgateway.core.provider.RequestChecks;
import dev.llmgateway.core.provider.StreamResult;
import dev.llmgateway.core.provider.ToolArguments;
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
    private static final String PROVIDER = "ollama";

    private final String chatUrl;
    private final Duration timeout;

    OllamaTranslator(String baseUrl, Duration timeout) {
        this.chatUrl = baseUrl + "/api/chat";
        this.timeout = timeout;
    }

    @Override
    public HttpRequest request(ChatRequest request, String model, boolean stream) {
        return JsonRequests.post(chatUrl, Json.bytes(body(request, model, stream)), timeout, stream).build();
    }

    static ObjectNode body(ChatRequest request, String model, boolean stream) {
        RequestChecks.translatable(request, PROVIDER);
        ObjectNode body = Json.object();
        body.put("model", model);
        body.set("messages", messages(request.messages()));
        if (!request.tools().isEmpty() && request.toolChoice() != ToolChoice.Mode.NONE) {
            if (request.toolChoice() == ToolChoice.Mode.REQUIRED || request.toolChoice() instanceof ToolChoice.Function) {
                throw GatewayError.unsupported(PROVIDER, "tool_choice", "Ollama lets the model decide; use 'auto' or 'none'");
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
        body.put("stream", stream);
        return body;
    }

    private static ArrayNode messages(List<Message> messages) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        Map<String, String> toolNames = new HashMap<>(); // Ollama names a tool result by function, not call id
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            ObjectNode m = out.addObject();
            m.put("role", message.role().wire());
            m.put("content", message.text());
            if (message.hasImages()) m.set("images", images(message, i));
            if (!message.toolCalls().isEmpty()) {
                ArrayNode calls = m.putArray("tool_calls");
                for (ToolCall call : message.toolCalls()) {
                    if (call.id() != null) toolNames.put(call.id(), call.name());
                    ObjectNode fn = calls.addObject().putObject("function");
                    fn.put("name", call.name());
                    fn.set("arguments", ToolArguments.object(call.arguments(), i));
                }
            }
            if (message.role() == Role.TOOL) {
                String name = toolNames.get(message.toolCallId());
                if (name != null) m.put("tool_name", name);
            }
        }
        return out;
    }

    private static ArrayNode images(Message message, int index) {
        ArrayNode images = Json.MAPPER.createArrayNode();
        for (int j = 0; j < message.content().size(); j++) {
            if (message.content().get(j) instanceof ContentPart.Image image) {
                ContentPart.InlineImage inline = image.inline();
                if (inline == null) {
                    throw GatewayError.unsupported(PROVIDER, "messages[" + index + "].content[" + j + "].image_url",
                            "Ollama takes images inline; send a base64 data: URL");
                }
                images.add(inline.base64());
            }
        }
        return images;
    }

    @Override
    public Completion response(byte[] body, ChatRequest request, String model) {
        JsonNode root = Json.tree(body, PROVIDER);
        JsonNode message = root.path("message");
        List<ToolCall> calls = toolCalls(message);
        String content = message.path("content").asText("");
        Usage usage = usage(root);
        ChatCompletion completion = new ChatCompletion(Ids.completion(), created(root), root.path("model").asText(model),
                List.of(new ChatCompletion.Choice(0, new ChatCompletion.AssistantMessage(
                        calls.isEmpty() || !content.isEmpty() ? content : null,
                        calls.stream().map(ChatCompletion.ToolCallOut::of).toList()),
                        finishReason(root.path("done_reason").asText(""), !calls.isEmpty()))),
                usage);
        return new Completion(Json.bytes(completion), usage);
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
    public StreamTranslator streamTranslator(ChatRequest request, String model, ChunkSink sink) {
        return new Stream(new ChunkEmitter(sink, request, model));
    }

    @Override
    public GatewayError error(int status, HttpHeaders headers, byte[] body) {
        String message;
        try {
            message = Json.tree(body).path("error").asText(null);
        } catch (IOException e) {
            message = null;
        }
        return UpstreamErrors.map(PROVIDER, status, headers,
                message != null ? message : new String(body, StandardCharsets.UTF_8), null, null);
    }

    /** One NDJSON object per line: content deltas, complete tool calls, and a final {@code done} line with counts. */
    private static final class Stream implements StreamTranslator {
        private final ChunkEmitter out;
        private int toolCalls;
        private StreamResult result;

        Stream(ChunkEmitter out) {
            this.out = out;
        }

        @Override
        public void onFrame(Frame frame) throws IOException {
            JsonNode line = Json.tree(frame.data());
            if (line.hasNonNull("error")) {
                throw UpstreamErrors.map(PROVIDER, 502, null, line.path("error").asText(), null, null);
            }
            JsonNode message = line.path("message");
            out.text(message.path("content").asText(""));
            for (ToolCall call : toolCalls(message)) {
                out.toolCallStart(toolCalls++, call.id(), call.name(), call.arguments());
            }
            if (line.path("done").asBoolean(false)) {
                result = out.finish(finishReason(line.path("done_reason").asText(""), toolCalls > 0), usage(line));
            }
        }

        @Override
        public StreamResult finish() {
            if (result == null) {
                throw GatewayError.upstreamUnavailable(PROVIDER, "stream ended before it was complete", null);
            }
            return result;
        }
    }
}
