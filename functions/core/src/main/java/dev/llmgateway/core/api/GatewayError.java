package dev.llmgateway.core.api;

import java.time.Duration;
import java.util.Map;

/**
 * A failure the client must see as an OpenAI error envelope. The status, type and code are
 * chosen where the failure is understood; the edge only renders them.
 */
public final class GatewayError extends RuntimeException {
    /** The code of a request refused because the tenant's budget is spent. */
    public static final String BUDGET_EXCEEDED = "budget_exceeded";
    /** The code of a request refused by a rate limit (the gateway's own, or every target's Retry-After). */
    public static final String RATE_LIMIT_EXCEEDED = "rate_limit_exceeded";

    private final int status;
    private final String type;
    private final String param;
    private final String code;
    private final Duration retryAfter;
    private final boolean upstream;
    private final Map<String, String> headers;
    private final Limited limited;

    /** Which gateway rate limit refused a request: the scope kind ({@code key}, {@code team}, {@code tenant}, {@code model}) and the limit. */
    public record Limited(String scope, String limit) {}

    private GatewayError(int status, String type, String message, String param, String code,
                         Duration retryAfter, boolean upstream, Throwable cause) {
        this(status, type, message, param, code, retryAfter, upstream, cause, Map.of());
    }

    private GatewayError(int status, String type, String message, String param, String code,
                         Duration retryAfter, boolean upstream, Throwable cause, Map<String, String> headers) {
        this(status, type, message, param, code, retryAfter, upstream, cause, headers, null);
    }

    private GatewayError(int status, String type, String message, String param, String code,
                         Duration retryAfter, boolean upstream, Throwable cause, Map<String, String> headers, Limited limited) {
        super(message, cause, false, false);
        this.limited = limited;
        this.headers = Map.copyOf(headers);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfter = retryAfter;
        this.upstream = upstream;
    }

    public static GatewayError invalidRequest(String message, String param) {
        return new GatewayError(400, "invalid_request_error", message, param, null, null, false, null);
    }

    public static GatewayError invalidRequest(String message, String param, String code) {
        return new GatewayError(400, "invalid_request_error", message, param, code, null, false, null);
    }

    /** A request field the chosen provider cannot honour: rejected rather than silently dropped. */
    public static GatewayError unsupported(String provider, String param, String why) {
        return new GatewayError(400, "invalid_request_error",
                "'" + param + "' is not supported by provider '" + provider + "'" + (why == null ? "" : ": " + why),
                param, "unsupported_parameter", null, false, null);
    }

    public static GatewayError modelNotFound(String message) {
        return new GatewayError(404, "invalid_request_error", message, "model", "model_not_found", null, false, null);
    }

    public static GatewayError tooLarge(long limit) {
        return tooLarge("Request body exceeds the gateway limit of " + limit + " bytes.");
    }

    public static GatewayError tooLarge(String message) {
        return new GatewayError(413, "invalid_request_error", message, null, "request_too_large", null, false, null);
    }

    public static GatewayError notFound(String message) {
        return notFound(message, null);
    }

    /** A resource the caller named (in {@code param}, when a request field) does not exist, or is not the caller's. */
    public static GatewayError notFound(String message, String param) {
        return new GatewayError(404, "invalid_request_error", message, param, "not_found", null, false, null);
    }

    public static GatewayError methodNotAllowed(String message) {
        return new GatewayError(405, "invalid_request_error", message, null, "method_not_allowed", null, false, null);
    }

    /** A missing or unknown gateway API key, in OpenAI's shape for a wrong key. */
    public static GatewayError unauthorized(String message) {
        return new GatewayError(401, "invalid_request_error", message, null, "invalid_api_key", null, false, null);
    }

    /** The tenant's budget cannot cover the request; {@code retryAfter} is when the period resets. */
    public static GatewayError budgetExceeded(String message, Duration retryAfter) {
        return new GatewayError(429, "insufficient_quota", message, null, BUDGET_EXCEEDED, retryAfter, false, null);
    }

    /** Every target is still inside the Retry-After its provider asked for, so none was called. */
    public static GatewayError rateLimited(String message, Duration retryAfter) {
        return new GatewayError(429, "rate_limit_error", message, null, RATE_LIMIT_EXCEEDED, retryAfter, false, null);
    }

    /**
     * A gateway rate limit is full. {@code type} is {@code requests} or {@code tokens}, as OpenAI
     * types its own rate-limit errors; {@code headers} are the {@code x-ratelimit-*} and retry hints.
     */
    public static GatewayError rateLimitExceeded(String type, String message, Duration retryAfter, Map<String, String> headers) {
        return rateLimitExceeded(type, message, retryAfter, headers, null);
    }

    /** As above, naming the limit that refused, for the request's metrics. */
    public static GatewayError rateLimitExceeded(String type, String message, Duration retryAfter, Map<String, String> headers,
                                                 Limited limited) {
        return new GatewayError(429, type, message, null, RATE_LIMIT_EXCEEDED, retryAfter, false, null, headers, limited);
    }

    /** The gateway rate limit that refused the request, or null for any other error. */
    public Limited limited() {
        return limited;
    }

    /** A request refused by a policy (403): {@code param} names the field, {@code code} the reason. */
    public static GatewayError forbidden(String message, String param, String code) {
        return new GatewayError(403, "invalid_request_error", message, param, code, null, false, null);
    }

    /** The key may not use the model it asked for. */
    public static GatewayError modelNotAllowed(String model) {
        return new GatewayError(403, "invalid_request_error", "This API key is not allowed to use model '" + model + "'.",
                "model", "model_not_allowed", null, false, null);
    }

    /** A store the request must write before it is served cannot be reached (and the failure mode is fail-closed). */
    public static GatewayError storeUnavailable(String message) {
        return new GatewayError(503, "server_error", message, null, "store_unavailable", Duration.ofSeconds(1), false, null);
    }

    /** The resource to create exists already. */
    public static GatewayError conflict(String message, String param) {
        return new GatewayError(409, "invalid_request_error", message, param, "already_exists", null, false, null);
    }

    /** The gateway cannot serve now because a store it must write to is unavailable (e.g. the audit log, fail-closed). */
    public static GatewayError serviceUnavailable(String message, String code) {
        return new GatewayError(503, "server_error", message, null, code, null, false, null);
    }

    /** The HTTP exchange itself was refused (malformed message, unsupported version) before the API saw it. */
    public static GatewayError protocol(int status, String message, String code) {
        return new GatewayError(status, "invalid_request_error", message, null, code, null, false, null);
    }

    public static GatewayError internal() {
        return new GatewayError(500, "server_error", "The gateway failed to process the request.", null, "internal_error", null, false, null);
    }

    /** An error reported by (or about) an upstream provider, already mapped to the status the client gets. */
    public static GatewayError upstream(int status, String type, String message, String param, String code,
                                        Duration retryAfter) {
        return new GatewayError(status, type, message, param, code, retryAfter, true, null);
    }

    public static GatewayError upstreamUnavailable(String provider, String what, Throwable cause) {
        return new GatewayError(502, "upstream_error", "Provider '" + provider + "' " + what + ".", null,
                "upstream_unavailable", null, true, cause);
    }

    public static GatewayError upstreamTimeout(String provider, String what) {
        return new GatewayError(504, "upstream_error", "Provider '" + provider + "' " + what + ".", null,
                "upstream_timeout", null, true, null);
    }

    /** The same failure about another field: a translated API names its own field where the error named the chat one. */
    public GatewayError withParam(String newParam, String message) {
        return new GatewayError(status, type, message, newParam, code, retryAfter, upstream, getCause(), headers);
    }

    public int status() { return status; }
    public String type() { return type; }
    public String param() { return param; }
    public String code() { return code; }
    public Duration retryAfter() { return retryAfter; }
    /** True when the failure came from the provider side (counted as a provider error, eligible for failover). */
    public boolean isUpstream() { return upstream; }
    /** Extra response headers this error's answer carries (besides Retry-After). */
    public Map<String, String> headers() { return headers; }

    public ErrorEnvelope envelope() {
        return new ErrorEnvelope(new ErrorEnvelope.Body(getMessage(), type, param, code));
    }
}
