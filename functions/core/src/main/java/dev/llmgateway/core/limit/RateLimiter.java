package dev.llmgateway.core.limit;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.config.StoreFailureMode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate limits in fixed one-minute windows (UTC minutes), counted in a store shared by every
 * environment: a request is admitted into each of its scopes in turn, atomically per scope; when a
 * later scope refuses, the earlier admissions are taken back. So at most the limit is admitted per
 * scope and minute however many environments serve at once; across a minute boundary a client can
 * send up to twice the limit within a few seconds (the burst of a fixed window).
 */
public final class RateLimiter {
    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
    private static final long WINDOW_MILLIS = 60_000;
    /** Counter items outlive their minute by an hour, longer than any request holds a slot. */
    private static final long RETENTION_SECONDS = 3600;
    /** A full concurrency limit frees up when some request ends; there is no better hint than this. */
    private static final Duration CONCURRENCY_RETRY = Duration.ofSeconds(1);

    /** The outcome of an admission. */
    public sealed interface Outcome {
        RateLimitHeaders headers();

        record Admitted(LimitHold hold, RateLimitHeaders headers) implements Outcome {}

        /**
         * {@code scope} refused on {@code limit}; {@code retryable} is false when the request alone
         * exceeds the limit (more tokens than a whole minute allows), so no retry can succeed.
         */
        record Refused(Scope scope, Limit limit, Duration retryAfter, boolean retryable, RateLimitHeaders headers) implements Outcome {}
    }

    private final LimitStore store;
    private final Clock clock;
    private final StoreFailureMode failureMode;
    private final BiConsumer<String, Limit> refused;

    public RateLimiter(LimitStore store, Clock clock, StoreFailureMode failureMode) {
        this(store, clock, failureMode, (scope, limit) -> {});
    }

    /** @param refused told the scope kind and limit of every refusal (the {@code gateway_rate_limited_total} counter) */
    public RateLimiter(LimitStore store, Clock clock, StoreFailureMode failureMode, BiConsumer<String, Limit> refused) {
        this.refused = refused;
        this.store = store;
        this.clock = clock;
        this.failureMode = failureMode;
    }

    public Outcome admit(List<Scope> scopes, long tokens) {
        long now = clock.millis();
        long window = now / WINDOW_MILLIS;
        Duration reset = Duration.ofMillis((window + 1) * WINDOW_MILLIS - now);
        long expiresAt = (window + 1) * WINDOW_MILLIS / 1000 + RETENTION_SECONDS;
        List<LimitHold.Held> held = new ArrayList<>();
        RateLimitHeaders headers = RateLimitHeaders.NONE;
        for (Scope scope : scopes) {
            Limits limits = scope.limits();
            if (limits == null || limits.none()) continue;
            LimitStore.Admission admission;
            try {
                admission = store.admit(scope.counterKey(), window, limits, tokens, expiresAt);
            } catch (GatewayError e) {
                throw e;
            } catch (RuntimeException e) {
                if (failureMode == StoreFailureMode.FAIL_OPEN) {
                    log.warn("rate-limit store failed, serving without the {} limit ({}): {}", scope.kind(), failureMode.wireName(), e.toString());
                    continue;
                }
                hold(held, tokens).cancel();
                log.warn("rate-limit store failed, refusing the request ({}): {}", failureMode.wireName(), e.toString());
                throw GatewayError.storeUnavailable("The gateway cannot check its rate limits right now; retry shortly.");
            }
            switch (admission) {
                case LimitStore.Admission.Admitted a -> {
                    held.add(new LimitHold.Held(scope.counterKey(), a.after().window(), limits.maxConcurrentRequests() != null,
                            limits.tokensPerMinute() != null, expiresAt));
                    headers = headers.with(limits, a.after(), reset);
                }
                case LimitStore.Admission.Refused r -> {
                    hold(held, tokens).cancel();
                    refused.accept(scope.kind(), r.limit());
                    boolean retryable = Counters.EMPTY.refusal(limits, tokens, false) == null;
                    Duration retryAfter = r.limit() == Limit.CONCURRENT ? CONCURRENCY_RETRY : reset;
                    return new Outcome.Refused(scope, r.limit(), retryAfter, retryable, headers.with(limits, r.current(), reset));
                }
            }
        }
        return new Outcome.Admitted(held.isEmpty() ? LimitHold.NONE : hold(held, tokens), headers);
    }

    private LimitHold hold(List<LimitHold.Held> held, long tokens) {
        return new LimitHold(store, held, tokens, e -> log.warn("rate-limit store failed while settling: {}", e.toString()));
    }
}
