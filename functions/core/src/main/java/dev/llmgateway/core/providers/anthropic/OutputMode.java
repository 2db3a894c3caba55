package dev.llmgateway.core.providers.anthropic;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.ResponseFormat;

/**
 * How a request's {@code response_format} is honoured. Decided from the request and model alone,
 * so the request body and the response translation always agree.
 */
enum OutputMode {
    /** Plain text: nothing to do. */
    TEXT,
    /** {@code json_schema} on a model with native structured output: {@code output_config.format}. */
    NATIVE_SCHEMA,
    /** {@code json_schema} elsewhere: the forced {@code structured_output} tool, returned as content. */
    TOOL_REWRITE,
    /** {@code json_object}: Anthropic has no schema-less JSON mode, so a system instruction asks for it. */
    JSON_INSTRUCTION;

    static OutputMode of(ChatRequest request, String model, NativeStructuredOutput nativeOutput) {
        return switch (request.responseFormat()) {
            case ResponseFormat.JsonSchema ignored -> nativeOutput.test(model) ? NATIVE_SCHEMA : TOOL_REWRITE;
            case ResponseFormat.JsonObject ignored -> JSON_INSTRUCTION;
            case null, default -> TEXT;
        };
    }
}
