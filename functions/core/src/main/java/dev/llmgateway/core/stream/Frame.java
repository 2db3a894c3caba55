package dev.llmgateway.core.stream;

/** One decoded upstream event: an SSE event (name may be null) or one NDJSON line ({@code event} null). */
public record Frame(String event, String data) {}
