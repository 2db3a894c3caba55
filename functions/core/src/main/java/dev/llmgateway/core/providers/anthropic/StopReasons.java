package dev.llmgateway.core.providers.anthropic;

import dev.llmgateway.core.api.FinishReason;

/** Anthropic's {@code stop_reason} as an OpenAI {@code finish_reason}. */
final class StopReasons {
    private StopReasons() {}

    /**
     * {@code calledTools} is whether the client was given tool calls; the structured-output tool is
     * not one, so its {@code tool_use} stop reads {@code stop}. Keying tool_calls on what was emitted
     * (not only on {@code tool_use}) keeps the reason right even if an upstream says {@code end_turn}.
     * {@code pause_turn} (server tools, which the gateway never sends) and unknown reasons read as a
     * normal stop.
     */
    static String finish(String stopReason, boolean calledTools) {
        return switch (stopReason == null ? "" : stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
            case "refusal" -> FinishReason.CONTENT_FILTER;
            default -> calledTools ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        };
    }
}
