package dev.llmgateway.core.spi;

import dev.llmgateway.core.api.ChatCompletion;
import dev.llmgateway.core.api.ThinkingBlock;
import dev.llmgateway.core.api.ToolCall;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.json.Json;
import java.util.List;

/** The single-choice {@code chat.completion} every translating provider answers with, assembled once. */
public final class Completions {
    private Completions() {}

    /**
     * One assistant choice. The content is the text, except that a turn that only called tools has
     * {@code content: null}, as OpenAI sends it.
     */
    public static Completion single(String model, long created, String text, List<ToolCall> calls, String finishReason,
                                    Usage usage) {
        return single(model, created, text, "", calls, finishReason, usage);
    }

    /** As above, with the provider's thinking text as {@code reasoning_content} (left out when empty). */
    public static Completion single(String model, long created, String text, String reasoning, List<ToolCall> calls,
                                    String finishReason, Usage usage) {
        return single(model, created, text, reasoning, List.of(), calls, finishReason, usage);
    }

    /** As above, with Claude's signed thinking blocks as {@code thinking_blocks} (left out when none). */
    public static Completion single(String model, long created, String text, String reasoning, List<ThinkingBlock> thinking,
                                    List<ToolCall> calls, String finishReason, Usage usage) {
        String content = calls.isEmpty() || !text.isEmpty() ? text : null;
        ChatCompletion completion = new ChatCompletion(Ids.completion(), created, model,
                List.of(new ChatCompletion.Choice(0, new ChatCompletion.AssistantMessage(content,
                        calls.stream().map(ChatCompletion.ToolCallOut::of).toList(), reasoning, thinking), finishReason)),
                usage);
        return new Completion(Json.bytes(completion), usage).withResponse(null, java.util.Collections.singletonList(finishReason));
    }

    /** The current time in {@code created}'s unit, for upstreams that give none. */
    public static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
