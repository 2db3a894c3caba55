package dev.llmgateway.core.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.ContentPart;
import dev.llmgateway.core.api.FinishReason;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.ReasoningEffort;
import dev.llmgateway.core.api.Role;
import dev.llmgateway.core.api.ThinkingBlock;
import dev.llmgateway.core.api.Tool;
import dev.llmgateway.core.api.ToolCall;
import dev.llmgateway.core.api.ToolChoice;
import dev.llmgateway.core.api.TokenCount;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.ChunkEmitter;
import dev.llmgateway.core.spi.ClaudeThinking;
import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.Completions;
import dev.llmgateway.core.spi.Ids;
import dev.llmgateway.core.spi.RequestChecks;
import dev.llmgateway.core.spi.StopSequence;
import dev.llmgateway.core.spi.StructuredOutputTool;
import dev.llmgateway.core.spi.ToolArguments;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ImageFormat;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningTextBlock;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/**
 * OpenAI chat to Bedrock Converse and back, with no I/O: the SDK model objects in, the SDK model
 * objects out. System messages become {@code system} blocks; consecutive turns of one role are
 * merged (Converse requires user and assistant to alternate); tool results become
 * {@code toolResult} blocks in a user turn; JSON output uses the forced-tool rewrite
 * ({@link StructuredOutputTool}), which every Converse model with tool use supports, unlike the
 * native {@code outputConfig}, which only a few models accept.
 */
final class BedrockTranslator {
    private final String provider;

    BedrockTranslator(String provider) {
        this.provider = provider;
    }

    /**
     * Asked for whenever the client set stop sequences: Claude models then name the one that matched
     * in {@code additionalModelResponseFields}; Converse ignores the path for models that do not.
     */
    static final String STOP_SEQUENCE_PATH = "/stop_sequence";

    /** One translated call, shared by Converse and ConverseStream (two SDK types with the same members). */
    record ConverseCall(String provider, String modelId, List<Message> messages, List<SystemContentBlock> system,
                        InferenceConfiguration inference, ToolConfiguration tools, boolean structuredOutput,
                        List<String> stops, Document additionalFields) {

        ConverseRequest converseRequest() {
            return ConverseRequest.builder().modelId(modelId).messages(messages)
                    .system(system.isEmpty() ? null : system).inferenceConfig(inference).toolConfig(tools)
                    .additionalModelRequestFields(additionalFields)
                    .additionalModelResponseFieldPaths(stops.isEmpty() ? null : List.of(STOP_SEQUENCE_PATH)).build();
        }

        ConverseStreamRequest converseStreamRequest() {
            return ConverseStreamRequest.builder().modelId(modelId).messages(messages)
                    .system(system.isEmpty() ? null : system).inferenceConfig(inference).toolConfig(tools)
                    .additionalModelRequestFields(additionalFields)
                    .additionalModelResponseFieldPaths(stops.isEmpty() ? null : List.of(STOP_SEQUENCE_PATH)).build();
        }

        /** A fresh translator for this call's event stream. */
        BedrockStream stream(ChatRequest request, ChunkSink sink) {
            return new BedrockStream(provider, new ChunkEmitter(sink, request, modelId), structuredOutput, stops);
        }
    }

    // ---- request ----

    ConverseCall request(ChatRequest request, String model) {
        RequestChecks.translatable(request, provider);
        if (request.seed() != null) {
            throw GatewayError.unsupported(provider, "seed", "the Converse API has no sampling seed");
        }
        if (Boolean.FALSE.equals(request.parallelToolCalls())) {
            throw GatewayError.unsupported(provider, "parallel_tool_calls",
                    "the Converse API cannot forbid parallel tool calls; omit the field or set it to true");
        }
        boolean structured = StructuredOutputTool.applies(request);
        List<SystemContentBlock> system = new ArrayList<>();
        List<Message> messages = messages(request.messages(), system);
        ReasoningEffort effort = thinking(request, model, structured);
        InferenceConfiguration inference = inference(request);
        Document thinking = null;
        if (effort != null) {
            // Claude counts thinking in max_tokens and needs the budget below it: the budget goes on top.
            int answer = request.maxTokens() != null ? request.maxTokens() : DEFAULT_ANSWER_TOKENS;
            inference = (inference == null ? InferenceConfiguration.builder() : inference.toBuilder())
                    .maxTokens(answer + effort.budgetTokens()).build();
            thinking = Document.mapBuilder().putDocument("thinking", Document.mapBuilder().putString("type", "enabled")
                    .putNumber("budget_tokens", effort.budgetTokens()).build()).build();
        }
        return new ConverseCall(provider, model, messages, system, inference,
                toolConfig(request, structured, hasToolBlocks(messages)), structured, request.stop(), thinking);
    }

    /** What the answer may use beside a thinking budget when the client set no max_tokens. */
    static final int DEFAULT_ANSWER_TOKENS = 4096;

    /**
     * {@code reasoning_effort} as Claude's extended thinking, the only thinking Converse takes the
     * same way on every model that has it (docs/reasoning.md); null when there is none to ask for. As
     * on Anthropic, a turn that answers tool results runs without it unless its signed thinking came back.
     */
    private ReasoningEffort thinking(ChatRequest request, String model, boolean structured) {
        ReasoningEffort effort = request.reasoningEffort();
        if (effort == null || !effort.thinks()) return null;
        if (!model.contains("anthropic.claude")) {
            throw GatewayError.unsupported(provider, "reasoning_effort", "on Bedrock the gateway asks for thinking from Claude models only");
        }
        return ClaudeThinking.effort(request, provider, structured);
    }

    private List<Message> messages(List<dev.llmgateway.core.api.Message> input, List<SystemContentBlock> system) {
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            dev.llmgateway.core.api.Message message = input.get(i);
            String path = "messages[" + i + "]";
            if (message.role() == Role.SYSTEM) {
                if (message.hasImages()) {
                    throw GatewayError.unsupported(provider, path + ".content", "system messages take text only");
                }
                String text = message.text();
                if (!text.isEmpty()) system.add(SystemContentBlock.fromText(text));
                continue;
            }
            List<ContentBlock> blocks = switch (message.role()) {
                case TOOL -> List.of(toolResult(message, path));
                case ASSISTANT -> assistantBlocks(message, path);
                default -> contentBlocks(message, path);
            };
            if (blocks.isEmpty()) continue; // an empty turn carries nothing, and Converse rejects blank blocks
            ConversationRole role = message.role() == Role.ASSISTANT ? ConversationRole.ASSISTANT : ConversationRole.USER;
            if (!out.isEmpty() && out.getLast().role() == role) {
                // Converse requires alternating turns: fold this one into the previous turn of the same role.
                List<ContentBlock> merged = new ArrayList<>(out.getLast().content());
                merged.addAll(blocks);
                out.set(out.size() - 1, Message.builder().role(role).content(merged).build());
            } else {
                out.add(Message.builder().role(role).content(blocks).build());
            }
        }
        return out;
    }

    private List<ContentBlock> contentBlocks(dev.llmgateway.core.api.Message message, String path) {
        List<ContentBlock> blocks = new ArrayList<>();
        if (message.content() == null) return blocks;
        for (int j = 0; j < message.content().size(); j++) {
            switch (message.content().get(j)) {
                case ContentPart.Text t -> {
                    if (!t.text().isEmpty()) blocks.add(ContentBlock.fromText(t.text()));
                }
                case ContentPart.Image image -> blocks.add(image(image, path + ".content[" + j + "].image_url"));
            }
        }
        return blocks;
    }

    private List<ContentBlock> assistantBlocks(dev.llmgateway.core.api.Message message, String path) {
        List<ContentBlock> blocks = new ArrayList<>();
        // Claude's signed reasoning first, as Converse returned it: a tool loop with thinking on needs it back.
        for (ThinkingBlock thinking : message.thinkingBlocks()) blocks.add(reasoningBlock(thinking));
        blocks.addAll(contentBlocks(message, path));
        for (int j = 0; j < message.toolCalls().size(); j++) {
            ToolCall call = message.toolCalls().get(j);
            String callPath = path + ".tool_calls[" + j + "]";
            if (call.id() == null || call.id().isBlank()) {
                throw GatewayError.invalidRequest("Missing required parameter: '" + callPath + ".id'.", callPath + ".id",
                        "missing_required_parameter");
            }
            blocks.add(ContentBlock.fromToolUse(ToolUseBlock.builder().toolUseId(call.id()).name(call.name())
                    .input(Documents.of(ToolArguments.object(call.arguments(), callPath + ".function.arguments"))).build()));
        }
        return blocks;
    }

    /** Converse's reasoning block for a chat thinking block; redacted reasoning travels in chat as base64 of its bytes. */
    private static ContentBlock reasoningBlock(ThinkingBlock thinking) {
        if (thinking.data() != null) {
            return ContentBlock.fromReasoningContent(ReasoningContentBlock.fromRedactedContent(
                    SdkBytes.fromByteArray(java.util.Base64.getDecoder().decode(thinking.data()))));
        }
        return ContentBlock.fromReasoningContent(ReasoningContentBlock.fromReasoningText(
                ReasoningTextBlock.builder().text(thinking.thinking()).signature(thinking.signature()).build()));
    }

    /** The chat thinking block for Converse's reasoning block, or null when it has neither text nor redacted bytes. */
    static ThinkingBlock thinkingBlock(ReasoningContentBlock reasoning) {
        if (reasoning.redactedContent() != null) {
            return ThinkingBlock.redacted(java.util.Base64.getEncoder().encodeToString(reasoning.redactedContent().asByteArrayUnsafe()));
        }
        if (reasoning.reasoningText() == null) return null;
        return ThinkingBlock.thinking(reasoning.reasoningText().text(), reasoning.reasoningText().signature());
    }

    private ContentBlock toolResult(dev.llmgateway.core.api.Message message, String path) {
        if (message.hasImages()) {
            throw GatewayError.unsupported(provider, path + ".content", "tool results are translated as text only");
        }
        return ContentBlock.fromToolResult(r -> r.toolUseId(message.toolCallId())
                .content(ToolResultContentBlock.fromText(message.text())));
    }

    /** Converse takes image bytes (or an S3 location), never a URL it would fetch. */
    private ContentBlock image(ContentPart.Image image, String param) {
        ContentPart.InlineImage inline = image.inline();
        if (inline == null) {
            throw GatewayError.unsupported(provider, param,
                    "Bedrock takes images as bytes, not URLs; send a base64 data: URL");
        }
        ImageFormat format = switch (inline.mediaType().toLowerCase(Locale.ROOT)) {
            case "image/png" -> ImageFormat.PNG;
            case "image/jpeg", "image/jpg" -> ImageFormat.JPEG;
            case "image/gif" -> ImageFormat.GIF;
            case "image/webp" -> ImageFormat.WEBP;
            default -> throw GatewayError.unsupported(provider, param,
                    "image type '" + inline.mediaType() + "' is not one of png, jpeg, gif, webp");
        };
        byte[] bytes;
        try {
            bytes = inline.bytes();
        } catch (IllegalArgumentException e) {
            throw GatewayError.invalidRequest("Invalid '" + param + "': the data: URL is not valid base64.", param,
                    "invalid_value");
        }
        return ContentBlock.fromImage(b -> b.format(format).source(s -> s.bytes(SdkBytes.fromByteArray(bytes))));
    }

    private static InferenceConfiguration inference(ChatRequest request) {
        if (request.maxTokens() == null && request.temperature() == null && request.topP() == null
                && request.stop().isEmpty()) {
            return null;
        }
        return InferenceConfiguration.builder()
                .maxTokens(request.maxTokens())
                .temperature(request.temperature() == null ? null : request.temperature().floatValue())
                .topP(request.topP() == null ? null : request.topP().floatValue())
                .stopSequences(request.stop().isEmpty() ? null : request.stop())
                .build();
    }

    private ToolConfiguration toolConfig(ChatRequest request, boolean structured, boolean toolHistory) {
        if (structured) {
            return ToolConfiguration.builder()
                    .tools(t -> t.toolSpec(ToolSpecification.builder().name(StructuredOutputTool.NAME)
                            .description(StructuredOutputTool.description(request))
                            .inputSchema(s -> s.json(Documents.of(StructuredOutputTool.schema(request)))).build()))
                    .toolChoice(c -> c.tool(t -> t.name(StructuredOutputTool.NAME)))
                    .build();
        }
        boolean none = request.toolChoice() == ToolChoice.Mode.NONE;
        if (request.tools().isEmpty() || none) {
            // Converse has no "none" choice, so tools are withheld; but it rejects tool blocks without a toolConfig.
            if (toolHistory) {
                String param = none ? "tool_choice" : "tools";
                throw GatewayError.unsupported(provider, param, "the conversation contains tool calls, and Converse "
                        + "requires the tools to be declared then; send 'tools' with 'tool_choice' auto, required or a function");
            }
            return null;
        }
        List<software.amazon.awssdk.services.bedrockruntime.model.Tool> tools = new ArrayList<>();
        for (Tool tool : request.tools()) {
            JsonNode schema = tool.parameters() == null ? Json.object().put("type", "object") : tool.parameters();
            tools.add(software.amazon.awssdk.services.bedrockruntime.model.Tool.fromToolSpec(ToolSpecification.builder()
                    .name(tool.name())
                    .description(tool.description() == null || tool.description().isEmpty() ? null : tool.description())
                    .inputSchema(s -> s.json(Documents.of(schema)))
                    .strict(tool.strict())
                    .build()));
        }
        ToolConfiguration.Builder config = ToolConfiguration.builder().tools(tools);
        switch (request.toolChoice()) {
            case ToolChoice.Function f -> config.toolChoice(c -> c.tool(t -> t.name(f.name())));
            case ToolChoice.Mode.REQUIRED -> config.toolChoice(c -> c.any(a -> { }));
            case null, default -> config.toolChoice(c -> c.auto(a -> { }));
        }
        return config.build();
    }

    private static boolean hasToolBlocks(List<Message> messages) {
        return messages.stream().flatMap(m -> m.content().stream())
                .anyMatch(b -> b.toolUse() != null || b.toolResult() != null);
    }

    // ---- response ----

    Completion completion(ConverseResponse response, ConverseCall call, String model) {
        return completion(response, call.structuredOutput(), call.stops(), model);
    }

    Completion completion(ConverseResponse response, boolean structuredOutput, String model) {
        return completion(response, structuredOutput, List.of(), model);
    }

    private Completion completion(ConverseResponse response, boolean structuredOutput, List<String> stops, String model) {
        List<ContentBlock> blocks = response.output() == null || response.output().message() == null
                ? List.of() : response.output().message().content();
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<ThinkingBlock> thinking = new ArrayList<>();
        List<ToolCall> calls = new ArrayList<>();
        String structured = null;
        for (ContentBlock block : blocks) {
            if (block.text() != null) {
                text.append(block.text());
            } else if (block.reasoningContent() != null) {
                ThinkingBlock signed = thinkingBlock(block.reasoningContent());
                if (signed != null) thinking.add(signed);
                if (signed != null && signed.thinking() != null) reasoning.append(signed.thinking());
            } else if (block.toolUse() != null) {
                ToolUseBlock use = block.toolUse();
                String arguments = Json.string(Documents.json(use.input()));
                if (structuredOutput) {
                    structured = arguments;
                } else {
                    calls.add(new ToolCall(use.toolUseId() == null ? Ids.toolCall() : use.toolUseId(), use.name(), arguments));
                }
            }
            // redacted reasoning, citations and guard content have no place in an OpenAI chat completion
        }
        // Under the rewrite the JSON is the answer; never null (clients parse it).
        String content = structuredOutput ? (structured == null ? "" : structured) : text.toString();
        return Completions.single(model, Completions.now(), content, reasoning.toString(), thinking, calls,
                finishReason(response.stopReasonAsString(), !calls.isEmpty(), structuredOutput, provider),
                usage(response.usage()))
                .withStopSequence(stopSequence(response.stopReasonAsString(), response.additionalModelResponseFields(), stops));
    }

    /**
     * Converse's {@code stop_sequence} stop reason, with the sequence Claude models name in the
     * additional response fields (asked for with {@link #STOP_SEQUENCE_PATH}); null for any other stop.
     */
    static StopSequence stopSequence(String stopReason, Document additional, List<String> requested) {
        if (!"stop_sequence".equals(stopReason)) return null;
        Document named = additional != null && additional.isMap() ? additional.asMap().get("stop_sequence") : null;
        return StopSequence.reported(named != null && named.isString() ? named.asString() : null, requested);
    }

    /**
     * Converse's stopReason as an OpenAI finish_reason. A turn that called tools is {@code tool_calls}
     * whatever the stop reason says (Bedrock has reported {@code end_turn} on tool turns); the
     * structured-output rewrite is a plain {@code stop}.
     */
    static String finishReason(String stopReason, boolean calledTools, boolean structuredOutput, String provider) {
        String reason = stopReason == null ? "" : stopReason;
        return switch (reason) {
            case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
            case "guardrail_intervened", "content_filtered" -> FinishReason.CONTENT_FILTER;
            case "malformed_model_output", "malformed_tool_use" ->
                    throw GatewayError.upstreamUnavailable(provider, "stopped with '" + reason + "': the model's output was malformed", null);
            default -> calledTools && !structuredOutput ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        };
    }

    /**
     * Converse reports uncached input apart from cache reads and writes ({@code cacheWriteInputTokens},
     * which does not distinguish lifetimes: counted as 5-minute writes, the default).
     */
    static Usage usage(TokenUsage usage) {
        if (usage == null) return null;
        return Usage.builder().input(TokenCount.orZero(usage.inputTokens())).cacheRead(TokenCount.orZero(usage.cacheReadInputTokens()))
                .cacheWrite5m(TokenCount.orZero(usage.cacheWriteInputTokens())).output(TokenCount.orZero(usage.outputTokens())).build();
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
