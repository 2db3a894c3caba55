package dev.llmgateway.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An OpenAI {@code chat.completion.chunk}; {@code usage} is set only on the terminal usage chunk. */
public record ChatChunk(String id, String object, long created, String model, List<Choice> choices, Usage usage) {

    public ChatChunk(String id, long created, String model, List<Choice> choices, Usage usage) {
        this(id, "chat.completion.chunk", created, model, choices, usage);
    }

    public record Choice(
            int index,
            Delta delta,
            @JsonInclude(JsonInclude.Include.ALWAYS) String finishReason,
            @JsonInclude(JsonInclude.Include.ALWAYS) Object logprobs) {
        public Choice(Delta delta, String finishReason) {
            this(0, delta, finishReason, null);
        }
    }

    /** {@code reasoning_content}: thinking text, where the provider returns it (the field DeepSeek and others stream). */
    public record Delta(String role, String content, String reasoningContent, List<ThinkingBlock> thinkingBlocks,
                        List<ToolCallDelta> toolCalls) {
        public Delta(String role, String content, List<ToolCallDelta> toolCalls) {
            this(role, content, null, null, toolCalls);
        }
    }

    /** A streamed tool call: {@code id}, {@code type} and {@code name} come on its first delta only. */
    public record ToolCallDelta(int index, String id, String type, FunctionDelta function) {}

    public record FunctionDelta(String name, String arguments) {}
}
