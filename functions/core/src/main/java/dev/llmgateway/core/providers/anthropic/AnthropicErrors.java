package dev.llmgateway.core.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.http.UpstreamErrors;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/** Anthropic's error shape, {@code {"type":"error","error":{"type","message"}}}, as gateway errors. */
final class AnthropicErrors {
    private AnthropicErrors() {}

    static GatewayError fromResponse(String provider, int status, HttpHeaders headers, byte[] body) {
        JsonNode error = UpstreamErrors.errorObject(body);
        String message = error != null ? error.path("message").asText(null) : new String(body, StandardCharsets.UTF_8);
        return UpstreamErrors.map(provider, status, headers, message, null, null);
    }

    /** An {@code error} event inside a 200 stream: no status line, so the error type says which it is. */
    static GatewayError fromStreamEvent(String provider, JsonNode event) {
        JsonNode error = event.path("error");
        return UpstreamErrors.map(provider, status(error.path("type").asText("")), null,
                error.path("message").asText(null), null, null);
    }

    /** The HTTP status Anthropic documents for each error type. */
    static int status(String type) {
        return switch (type) {
            case "invalid_request_error" -> 400;
            case "authentication_error" -> 401;
            case "billing_error" -> 402;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            case "rate_limit_error" -> 429;
            case "timeout_error" -> 504;
            case "overloaded_error" -> 529;
            default -> 500; // api_error and anything newer
        };
    }

}
