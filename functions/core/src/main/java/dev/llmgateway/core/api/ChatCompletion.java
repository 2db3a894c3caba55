package dev.llmgateway.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An OpenAI {@code chat.completion} object. Fields the official SDKs require to be present
 * (even when null) are always written.
 */
public record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage) {

    public ChatCompletion(String id, long created, String model, List<Choice> choices, Usage usage) {
        this(id, "chat.completion", created, model, choices, usage);
    }

    public record Choice(
            int index,
            AssistantMessage message,
            @JsonInclude(JsonInclude.Include.ALWAYS) String finishReason,
            @JsonInclude(JsonInclude.Include.ALWAYS) Object logprobs) {
        public Choice(int index, AssistantMessage message, String finishReason) {
            this(index, message, finishReason, null);
        }
    }

    public record AssistantMessage(
            String role,
            @JsonInclude(JsonInclude.Include.ALWAYS) String content,
            @JsonInclude(JsonInclude.Include.ALWAYS) String refusal,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCallOut> toolCalls,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) String reasoningContent,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ThinkingBlock> thinkingBlocks) {
        public AssistantMessage(String content, List<ToolCallOut> toolCalls) {
            this("assistant", content, null, toolCalls, null, null);
        }

        /** With the thinking text as {@code reasoning_content} and its signed blocks, where the provider returned some. */
        public AssistantMessage(String content, List<ToolCallOut> toolCalls, String reasoningContent, List<ThinkingBlock> thinkingBlocks) {
            this("assistant", content, null, toolCalls, reasoningContent, thinkingBlocks);
        }
    }

    public record ToolCallOut(String id, String type, FunctionCall function) {
        public static ToolCallOut of(ToolCall call) {
            return new ToolCallOut(call.id(), "function", new FunctionCall(call.name(), call.arguments()));
        }
    }

    public record FunctionCall(String name, String arguments) {}
}
