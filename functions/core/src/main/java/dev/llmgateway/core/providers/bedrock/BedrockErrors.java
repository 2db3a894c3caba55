package dev.llmgateway.core.providers.bedrock;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.http.UpstreamErrors;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * Maps what the SDK throws to the error the client sees, through the shared {@link UpstreamErrors}
 * mapping. Status comes from the exception's type, not its status code: the SDK gives exceptions
 * that arrive inside an event stream (after an HTTP 200) a placeholder status of 500.
 */
final class BedrockErrors {
    private BedrockErrors() {}

    /** {@code origin} (scheme and host of the endpoint) is named when the endpoint cannot be reached. */
    static GatewayError map(String provider, Throwable failure, String origin) {
        Throwable t = unwrap(failure);
        return switch (t) {
            case GatewayError g -> g;
            case ModelTimeoutException e -> GatewayError.upstreamTimeout(provider, "model timed out: " + message(e));
            case AwsServiceException e -> UpstreamErrors.map(provider, status(e), headers(e), message(e), null, null);
            case ApiCallTimeoutException e -> GatewayError.upstreamTimeout(provider, "did not answer in time");
            case ApiCallAttemptTimeoutException e -> GatewayError.upstreamTimeout(provider, "did not answer in time");
            default -> transport(provider, t, origin);
        };
    }

    private static int status(AwsServiceException e) {
        return switch (e) {
            case ValidationException ignored -> 400;
            case AccessDeniedException ignored -> 403;
            case ResourceNotFoundException ignored -> 404;
            case ThrottlingException ignored -> 429;
            // The model failed (Bedrock says 424) or is still loading: a provider-side failure, not the client's.
            case ModelStreamErrorException ignored -> 502;
            case ModelErrorException ignored -> 502;
            case ModelNotReadyException ignored -> 503;
            case ServiceUnavailableException ignored -> 503;
            case InternalServerException ignored -> 500;
            default -> e.statusCode() >= 400 && e.statusCode() < 600 ? e.statusCode() : 502;
        };
    }

    /** Connection-level failures: refused or reset connections, socket timeouts. */
    private static GatewayError transport(String provider, Throwable t, String origin) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            // Netty reports its read and connect timeouts with its own exception types; match them by name.
            if (c instanceof SocketTimeoutException || c.getClass().getSimpleName().endsWith("TimeoutException")) {
                return GatewayError.upstreamTimeout(provider, "did not answer in time");
            }
            if (c instanceof ConnectException) {
                return GatewayError.upstreamUnavailable(provider, "is unreachable at " + origin, t);
            }
        }
        return GatewayError.upstreamUnavailable(provider, "call failed", t);
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String message(AwsServiceException e) {
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** The HTTP headers of an error response (Retry-After on throttling); none for in-stream exceptions. */
    private static HttpHeaders headers(AwsServiceException e) {
        if (e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null) return null;
        Map<String, List<String>> headers = e.awsErrorDetails().sdkHttpResponse().headers();
        return HttpHeaders.of(headers, (name, value) -> true);
    }
}
