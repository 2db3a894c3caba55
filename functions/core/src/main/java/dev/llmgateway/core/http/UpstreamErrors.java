package dev.llmgateway.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * One status mapping for every provider: upstream 4xx keep their status (429 keeps Retry-After),
 * 5xx become 502, with the provider's own message so the client sees what went wrong.
 */
public final class UpstreamErrors {
    private UpstreamErrors() {}

    public static GatewayError map(String provider, int status, HttpHeaders headers, String message, String param,
                                   String code) {
        String text = message == null || message.isBlank() ? "HTTP " + status : message;
        Duration retryAfter = headers == null ? null : retryAfter(headers.firstValue("retry-after").orElse(null));
        if (status >= 500) {
            return GatewayError.upstream(502, "upstream_error", "Provider '" + provider + "' failed: " + text, param,
                    code == null ? "upstream_error" : code, retryAfter);
        }
        String type = switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "invalid_request_error";
            case 429 -> "rate_limit_error";
            default -> "invalid_request_error";
        };
        String defaultCode = switch (status) {
            case 401 -> "invalid_api_key";
            case 404 -> "model_not_found";
            case 429 -> "rate_limit_exceeded";
            default -> null;
        };
        int clientStatus = status >= 400 && status < 500 ? status : 502;
        return GatewayError.upstream(clientStatus, type, "Provider '" + provider + "': " + text, param,
                code == null ? defaultCode : code, retryAfter);
    }

    /** The {@code error} object of an upstream error body, or null when the body is not JSON or has none. */
    public static JsonNode errorObject(byte[] body) {
        try {
            JsonNode error = Json.tree(body).get("error");
            return error != null && error.isObject() ? error : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Retry-After as delta-seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException ignored) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }
}
