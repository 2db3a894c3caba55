package dev.llmgateway.shared.errors;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.text.Printable;
import dev.llmgateway.shared.edge.ContainerErrors;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every failure leaves as OpenAI's error envelope with the right status: gateway errors as
 * raised, unknown paths and methods as 404/405, anything unexpected as a 500 that shows no
 * internals (the stack trace goes to the log only).
 */
@RestControllerAdvice
@RestController
public class ErrorResponses implements ErrorController {
    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    @ExceptionHandler(GatewayError.class)
    ResponseEntity<byte[]> gatewayError(GatewayError error) {
        if (error.status() >= 500) log.warn("{} {}: {}", error.status(), Printable.escape(error.code()), Printable.escape(error.getMessage()));
        return render(error);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<byte[]> noSuchPath(NoResourceFoundException e) {
        return render(GatewayError.notFound("Unknown request URL: /" + e.getResourcePath() + "."));
    }

    /** Where static files are off (the gateway), an unknown path ends here instead. */
    @ExceptionHandler(NoHandlerFoundException.class)
    ResponseEntity<byte[]> noHandler(NoHandlerFoundException e) {
        return render(GatewayError.notFound("Unknown request URL: " + e.getRequestURL() + "."));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<byte[]> wrongMethod(HttpRequestMethodNotSupportedException e) {
        return render(GatewayError.methodNotAllowed("Method " + e.getMethod() + " is not allowed on this URL."));
    }

    @ExceptionHandler(IOException.class)
    ResponseEntity<byte[]> io(IOException e) {
        log.debug("I/O failure while serving a request: {}", Printable.escape(e));
        return render(GatewayError.invalidRequest("The request could not be read.", null, "invalid_request"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> unexpected(Exception e) {
        log.error("unexpected failure", e);
        return render(GatewayError.internal());
    }

    /** Errors raised outside Spring MVC (by the servlet container) land here instead of a whitelabel page. */
    @RequestMapping("/error")
    ResponseEntity<byte[]> containerError(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = status instanceof Integer i ? i : 500;
        GatewayError error = ContainerErrors.forStatus(code);
        return render(error);
    }

    public static ResponseEntity<byte[]> render(GatewayError error) {
        return headers(error).body(Json.bytes(error.envelope()));
    }

    /** The status and headers of an error response, whichever API's envelope its body is in. */
    public static ResponseEntity.BodyBuilder headers(GatewayError error) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(error.status()).contentType(MediaType.APPLICATION_JSON);
        if (error.retryAfter() != null) {
            // Whole seconds, rounded up: retrying at the floor would arrive just before the reset.
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (error.retryAfter().toMillis() + 999) / 1000)));
        }
        error.headers().forEach(response::header);
        if ("budget_exceeded".equals(error.code())) {
            // Retrying cannot help until the period resets; the OpenAI SDKs honour this header.
            response.header("x-should-retry", "false");
        } else if (GatewayError.RATE_LIMIT_EXCEEDED.equals(error.code()) && !error.headers().containsKey("x-should-retry")) {
            response.header("x-should-retry", "true");
        }
        return response;
    }
}
