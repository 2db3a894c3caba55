package dev.llmgateway.core.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.ThinkingBlock;
import dev.llmgateway.core.api.ToolCall;
import dev.llmgateway.core.http.HttpTranslator;
import dev.llmgateway.core.http.JsonRequests;
import dev.llmgateway.core.http.StreamTranslator;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.messages.MessagesUsage;
import dev.llmgateway.core.spi.ChunkEmitter;
import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.Completions;
import dev.llmgateway.core.spi.Endpoint;
import dev.llmgateway.core.spi.Ids;
import dev.llmgateway.core.spi.StructuredOutputTool;
import dev.llmgateway.core.stream.FrameDecoder;
import dev.llmgateway.core.stream.SseDecoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI chat to Anthropic's Messages API and back. The request body is built by
 * {@link MessagesBody}, streams are translated by {@link AnthropicStream}; structured output goes
 * native, through the forced-tool rewrite, or by instruction as {@link OutputMode} decides.
 */
final class AnthropicTranslator implements HttpTranslator {
    static final String API_VERSION = "2023-06-01";

    private final Endpoint endpoint;
    private final String provider;
    private final MessagesBody bodies;
    private final Duration timeout;
    private final int defaultMaxTokens;
    private final NativeStructuredOutput nativeOutput;

    AnthropicTranslator(Endpoint endpoint, Duration timeout, int defaultMaxTokens, NativeStructuredOutput nativeOutput) {
        this.endpoint = endpoint;
        this.provider = endpoint.name();
        this.bodies = new MessagesBody(provider);
        this.timeout = timeout;
        this.defaultMaxTokens = defaultMaxTokens;
        this.nativeOutput = nativeOutput;
    }

    @Override
    public Call call(ChatRequest request, String model, boolean stream) {
        OutputMode mode = OutputMode.of(request, model, nativeOutput);
        byte[] body = Json.bytes(bodies.build(request, model, stream, defaultMaxTokens, mode));
        boolean rewrite = mode == OutputMode.TOOL_REWRITE;
        return new Call() {
            @Override
            public HttpRequest request() {
                return endpoint.auth().apply(JsonRequests.post(endpoint.baseUrl() + "/v1/messages", body, timeout, stream))
                        .header("anthropic-version", API_VERSION)
                        .build();
            }

            @Override
            public Completion response(byte[] answer) {
                return AnthropicTranslator.this.response(answer, model, rewrite);
            }

            @Override
            public StreamTranslator stream(ChunkSink sink) {
                return new AnthropicStream(provider, new ChunkEmitter(sink, request, model), rewrite);
            }
        };
    }

    private Completion response(byte[] body, String model, boolean rewrite) {
        JsonNode root = Json.tree(body, provider);
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<ThinkingBlock> thinking = new ArrayList<>();
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
                case "thinking" -> {
                    reasoning.append(block.path("thinking").asText(""));
                    thinking.add(ThinkingBlock.thinking(block.path("thinking").asText(""), block.path("signature").asText("")));
                }
                case "redacted_thinking" -> thinking.add(ThinkingBlock.redacted(block.path("data").asText("")));
                default -> { } // server-tool blocks: OpenAI has no place for them
            }
        }
        // Under the rewrite the JSON is the answer; forced tool use emits no text beside it.
        String content = rewrite ? (structured != null ? structured : "") : text.toString();
        MessagesUsage tokens = new MessagesUsage();
        tokens.update(root.path("usage"));
        return Completions.single(root.path("model").asText(model), Completions.now(), content, reasoning.toString(), thinking, calls,
                StopReasons.finish(root.path("stop_reason").asText(null), !calls.isEmpty()), tokens.usage())
                .withResponseId(root.path("id").asText(null));
    }

    @Override
    public FrameDecoder frameDecoder() {
        return new SseDecoder();
    }

    @Override
    public GatewayError error(int status, HttpHeaders headers, byte[] body) {
        return AnthropicErrors.fromResponse(provider, status, headers, body);
    }
}
