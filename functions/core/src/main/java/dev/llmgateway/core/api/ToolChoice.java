package dev.llmgateway.core.api;

/** OpenAI's {@code tool_choice}. */
public sealed interface ToolChoice {
    enum Mode implements ToolChoice { AUTO, NONE, REQUIRED }

    record Function(String name) implements ToolChoice {}
}
