package dev.llmgateway.shared.edge;

import dev.llmgateway.core.api.GatewayError;

/**
 * The envelope for a status the servlet container chose on its own (a request it could not parse,
 * route or accept). Messages are fixed: nothing from the request is echoed.
 */
public final class ContainerErrors {
    private ContainerErrors() {}

    public static GatewayError forStatus(int status) {
        return switch (status) {
            case 400 -> GatewayError.protocol(400, "The request is not valid HTTP: a malformed request line, header or URL, "
                    + "a header section over the size or count limit, or conflicting framing headers.", "invalid_request");
            case 404 -> GatewayError.notFound("Unknown request URL.");
            case 405 -> GatewayError.methodNotAllowed("Method not allowed.");
            case 408 -> GatewayError.protocol(408, "The request was not received in time.", "request_timeout");
            case 413 -> GatewayError.tooLarge("Request body too large.");
            case 414 -> GatewayError.protocol(414, "The request URL is too long.", "uri_too_long");
            case 431 -> GatewayError.protocol(431, "The request headers are too large.", "headers_too_large");
            case 505 -> GatewayError.protocol(505, "HTTP version not supported: use HTTP/1.1.", "http_version_not_supported");
            default -> status >= 400 && status < 500
                    ? GatewayError.protocol(status, "The request could not be processed.", "invalid_request")
                    : GatewayError.internal();
        };
    }
}
