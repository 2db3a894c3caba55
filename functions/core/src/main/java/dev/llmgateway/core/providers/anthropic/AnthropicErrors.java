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
}
