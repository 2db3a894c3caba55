package dev.llmgateway.core.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.ChatCompletion;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.ToolCall;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.http.HttpTranslator;
import dev.llmgateway.core.http.JsonRequests;
import dev.llmgateway.core.http.StreamTranslator;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.provider.ChunkEmitter;
import dev.llmgateway.core.provider.ChunkSink;
import dev.llmgateway.core.provider.Completion;
import dev.llmgateway.core.provider.Ids;
import dev.llmgateway.core.provider.StructuredOutputTool;
import dev.llmgateway.core.stream.FrameDecoder;
import dev.llmgateway.core.stream.SseDecoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI chat to Anthropic's Messages API and back. The request body is built by
 * {@link MessagesBody}, streams are translated by {@link AnthropicStream}; structured output goes
 * native, through the forced-tool rewrite, or by instruction as {@link OutputMode} decides.
 */
final class AnthropicTranslator implements HttpTranslator {
    static final String API_VERSION = "2023-06-01";
    private static final String PROVIDER = AnthropicProvider.NAME;

    private final String messagesUrl;
    private final String apiKey;
    private final Duration timeout;
    private final int defaultMaxTokens;
    private final NativeStructuredOutput nativeOutput;

    AnthropicTranslator(String baseUrl, String apiKey, Duration timeout, int defaultMaxTokens,
                        NativeStructuredOutput nativeOutput) {
        this.messagesUrl = baseUrl + "/v1/messages";
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.defaultMaxTokens = defaultMaxTokens;
        this.nativeOutput = nativeOutput;
    }

    @Override
    public HttpRequest request(ChatRequest request, String model, boolean stream) {
        byte[] body = Json.bytes(MessagesBody.build(request, model, stream, defaultMaxTokens, mode(request, model)));
        return JsonRequests.post(messagesUrl, body, timeout, stream)
                .header("x-api-key", apiKey)
                .header("anthropic-version", API_VERSION)
                .build();
    }

    private OutputMode mode(ChatRequest request, String model) {
        return OutputMode.of(request, model, nativeOutput);
    }

    @Override
    public Completion response(byte[] body, ChatRequest request, String model) {
        JsonNode root = Json.tree(body, PROVIDER);
        boolean rewrite = mode(request, model) == OutputMode.TOOL_REWRITE;
        StringBuilder text = new StringBuilder();
        String structured = null;
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode block : root.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText(""));
                case "tool_use" -> {
                    String name = block.path("name").asText();
                    String input = block.path("input").isObject() ? block.path("input").toString() : "{}";
                    if (rewrite && StructuredOutputTool.NAME.equals(name)) {
                        if (structured == null) structured = input;
                    } else {
                        calls.add(new ToolCall(block.path("id").asText(Ids.toolCall()), name, input));
                    }
                }
                default -> { } // thinking and server-tool blocks: the gateway requests none, and OpenAI has no place for them
            }
        }
        // Under the rewrite the JSON is the answer; forced tool use emits no text beside it.
        String content = rewrite ? (structured != null ? structured : "")
                : calls.isEmpty() || !text.isEmpty() ? text.toString() : null;
        TokenCounts tokens = new TokenCounts();
        tokens.update(root.path("usage"));
        Usage usage = tokens.usage();
        ChatCompletion completion = new ChatCompletion(Ids.completion(), Instant.now().getEpochSecond(),
                root.path("model").asText(model),
                List.of(new ChatCompletion.Choice(0,
                        new ChatCompletion.AssistantMessage(content, calls.stream().map(ChatCompletion.ToolCallOut::of).toList()),
                        StopReasons.finish(root.path("stop_reason").asText(null), !calls.isEmpty()))),
                usage);
        return new Completion(Json.bytes(completion), usage);
    }

    @Override
    public FrameDecoder frameDecoder() {
        return new SseDecoder();
    }

    @Override
    public StreamTranslator streamTranslator(ChatRequest request, String model, ChunkSink sink) {
        return new AnthropicStream(new ChunkEmitter(sink, request, model), mode(request, model) == OutputMode.TOOL_REWRITE);
    }

    @Override
    public GatewayError error(int status, HttpHeaders headers, byte[] body) {
        return AnthropicErrors.fromResponse(status, headers, body);
    }
}
