package dev.llmgateway.core.api;

import java.util.List;

/**
 * One chat message. {@code content} is null for an assistant turn that only calls tools;
 * a plain string content arrives as a single {@link ContentPart.Text}.
 */
public record Message(Role role, List<ContentPart> content, List<ToolCall> toolCalls, String toolCallId, String name,
                      List<ThinkingBlock> thinkingBlocks) {
    public Message {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        thinkingBlocks = thinkingBlocks == null ? List.of() : List.copyOf(thinkingBlocks);
    }

    public Message(Role role, List<ContentPart> content, List<ToolCall> toolCalls, String toolCallId, String name) {
        this(role, content, toolCalls, toolCallId, name, List.of());
    }

    /** The text parts joined, or "" when there are none. */
    public String text() {
        if (content == null) return "";
        if (content.size() == 1 && content.getFirst() instanceof ContentPart.Text t) return t.text();
        StringBuilder sb = new StringBuilder();
        for (ContentPart part : content) {
            if (part instanceof ContentPart.Text t) sb.append(t.text());
        }
        return sb.toString();
    }

    public boolean hasImages() {
        return content != null && content.stream().anyMatch(p -> p instanceof ContentPart.Image);
    }
}
