package dev.llmgateway.gateway.api;

import dev.llmgateway.shared.errors.ErrorResponses;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Failures on {@code /v1/messages} leave in Anthropic's envelope,
 * {@code {"type":"error","error":{"type":...,"message":...}}}, with the status Anthropic
 * documents for that type; the headers (Retry-After, x-should-retry) are the same as on chat.
 */
@RestControllerAdvice(assignableTypes = MessagesController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
final class MessagesErrors {
    private static final Logger log = LoggerFactory.getLogger(MessagesErrors.class);

    record Envelope(String type, Body error) {}

    record Body(String type, String message) {}

    static Envelope envelope(GatewayError error) {
        return new Envelope("error", new Body(type(error.status()), error.getMessage()));
    }

    /** Anthropic's error type for an HTTP status (its errors reference). */
    static String type(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            case 504 -> "timeout_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    @ExceptionHandler(GatewayError.class)
    ResponseEntity<byte[]> gatewayError(GatewayError error) {
        if (error.status() >= 500) log.warn("{} {}: {}", error.status(), error.code(), error.getMessage());
        return render(error);
    }

    @ExceptionHandler(IOException.class)
    ResponseEntity<byte[]> io(IOException e) {
        log.debug("I/O failure while serving a Messages request: {}", e.toString());
        return render(GatewayError.invalidRequest("The request could not be read.", null));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> unexpected(Exception e) {
        log.error("unexpected failure", e);
        return render(GatewayError.internal());
    }

    private static ResponseEntity<byte[]> render(GatewayError error) {
        return ErrorResponses.headers(error).body(Json.bytes(envelope(error)));
    }
}
