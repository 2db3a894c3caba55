package dev.llmgateway.core.spi;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.ReasoningEffort;
import dev.llmgateway.core.api.ThinkingBlock;
import dev.llmgateway.core.api.ToolChoice;

/**
 * Claude's extended thinking rules, once for both translations that serve Claude (Anthropic's
 * Messages API and Bedrock's Converse; docs/reasoning.md): no temperature other than 1, top_p from
 * 0.95 only, no forced tool; and a turn answering tool results whose signed thinking the client did
 * not send back runs without thinking, since Claude would refuse it.
 */
public final class ClaudeThinking {
    private ClaudeThinking() {}

    /**
     * The effort to ask Claude for, or null when there is none to ask for. {@code forcedTool}: the
     * translation itself forces a tool (structured output through a tool).
     */
    public static ReasoningEffort effort(ChatRequest request, String provider, boolean forcedTool) {
        ReasoningEffort effort = request.reasoningEffort();
        if (effort == null || !effort.thinks()) return null;
        if (ThinkingBlock.missingForToolResults(request.messages())) return null;
        if (request.temperature() != null && request.temperature() != 1) {
            throw GatewayError.unsupported(provider, "temperature", "with reasoning_effort, Claude's extended thinking takes no temperature");
        }
        if (request.topP() != null && request.topP() < 0.95) {
            throw GatewayError.unsupported(provider, "top_p", "with reasoning_effort, Claude's extended thinking takes top_p from 0.95 to 1 only");
        }
        if (forcedTool || request.toolChoice() == ToolChoice.Mode.REQUIRED || request.toolChoice() instanceof ToolChoice.Function) {
            throw GatewayError.unsupported(provider, "reasoning_effort",
                    "Claude's extended thinking cannot be combined with a forced tool (tool_choice required or named, or structured output through a tool)");
        }
        return effort;
    }
}
