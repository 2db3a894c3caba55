package dev.llmgateway.core.api;

import com.fasterxml.jackson.databind.JsonNode;

/** OpenAI's {@code response_format}. */
public sealed interface ResponseFormat {
    record Text() implements ResponseFormat {}

    record JsonObject() implements ResponseFormat {}

    record JsonSchema(String name, String description, JsonNode schema, boolean strict) implements ResponseFormat {}
}
