package dev.llmgateway.gateway.metrics;

import dev.llmgateway.core.api.Usage;
import dev.llmgateway.gateway.metrics.CompletedRequest.Downgrade;
import dev.llmgateway.gateway.metrics.CompletedRequest.Fallback;
import dev.llmgateway.gateway.metrics.CompletedRequest.ProviderError;
import java.time.Duration;
import java.util.List;

/**
 * A snapshot of what a {@link RequestMeter} knows, with exact values (tenant, models) instead of
 * bounded labels; null where unknown. {@code streamOutcome} is 0 unless a started stream failed (its
 * status) or the client left (499).
 */
public record RequestFacts(String tenant, String requestedModel, String provider, String servedModel, boolean stream,
                           Usage usage, double costDollars, List<Fallback> fallbacks, List<ProviderError> providerErrors,
                           int retries, Downgrade downgrade, boolean budgetBlocked, int streamOutcome, String streamErrorCode,
                           Duration elapsed, Duration timeToFirstToken) {
    public RequestFacts {
        fallbacks = List.copyOf(fallbacks);
        providerErrors = List.copyOf(providerErrors);
    }
}
