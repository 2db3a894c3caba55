package dev.llmgateway.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** OpenAI's error shape: {@code {"error":{"message","type","param","code"}}}; param and code are always present. */
public record ErrorEnvelope(Body error) {
    public record Body(
            String message,
            String type,
            @JsonInclude(JsonInclude.Include.ALWAYS) String param,
            @JsonInclude(JsonInclude.Include.ALWAYS) String code) {}
}
