package dev.llmgateway.core.api;

/** A function call made by the assistant; {@code arguments} is the JSON text, as on OpenAI's wire. */
public record ToolCall(String id, String name, String arguments) {}
