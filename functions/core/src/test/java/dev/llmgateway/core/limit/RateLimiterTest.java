package dev.llmgateway.core.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.config.StoreFailureMode;
import dev.llmgateway.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final Instant START = Instant.parse("2026-01-05T10:00:00Z");
    private final MutableClock clock = new MutableClock(START);
    private final InMemoryLimitStore store = new InMemoryLimitStore();
    private final List<String> refusals = new ArrayList<>();
    private final RateLimiter limiter = new RateLimiter(store, clock, StoreFailureMode.FAIL_CLOSED,
            (scope, limit) -> refusals.add(scope + "/" + limit.wireName()));

    private static Scope tenant(Limits limits) {
        return new Scope(Scope.TENANT, "acme", limits);
    }

    @Test
    void admitsUpToTheLimitPerMinuteThenRefusesUntilTheNextMinute() {
        Scope s = tenant(new Limits(3L, null, null));
        clock.advance(Duration.ofMillis(59_980));
        for (int i = 0; i < 3; i++) assertThat(limiter.admit(List.of(s), 10)).isInstanceOf(RateLimiter.Outcome.Admitted.class);
        RateLimiter.Outcome refused = limiter.admit(List.of(s), 10);
        assertThat(refused).isInstanceOfSatisfying(RateLimiter.Outcome.Refused.class, r -> {
            assertThat(r.limit()).isEqualTo(Limit.REQUESTS);
            assertThat(r.retryAfter()).isEqualTo(Duration.ofMillis(20));
            assertThat(r.retryable()).isTrue();
            assertThat(r.headers().asMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "x-ratelimit-limit-requests", "3", "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "20ms"));
        });
        assertThat(refusals).containsExactly("tenant/requests");
        clock.advance(Duration.ofMillis(20));
        assertThat(limiter.admit(List.of(s), 10)).isInstanceOfSatisfying(RateLimiter.Outcome.Admitted.class,
                a -> assertThat(a.headers().asMap()).containsEntry("x-ratelimit-remaining-requests", "2")
                        .containsEntry("x-ratelimit-reset-requests", "1m0s"));
    }

    @Test
    void theHeadersShowTheTightestScopeAndARefusalTakesBackTheEarlierScopes() {
        Scope key = new Scope(Scope.KEY, "k1", new Limits(100L, 1000L, null));
        Scope tenant = tenant(new Limits(5L, 10_000L, null));
        Scope model = new Scope(Scope.MODEL, "acme/gpt-4o", new Limits(null, 300L, null));
        RateLimiter.Outcome first = limiter.admit(List.of(key, tenant, model), 200);
        assertThat(first.headers().asMap()).containsEntry("x-ratelimit-limit-requests", "5").containsEntry("x-ratelimit-remaining-requests", "4")
                .containsEntry("x-ratelimit-limit-tokens", "300").containsEntry("x-ratelimit-remaining-tokens", "100");
        assertThat(limiter.admit(List.of(key, tenant, model), 200)).isInstanceOfSatisfying(RateLimiter.Outcome.Refused.class, r -> {
            assertThat(r.scope()).isEqualTo(model);
            assertThat(r.limit()).isEqualTo(Limit.TOKENS);
        });
        assertThat(store.get("key:k1")).as("the key's admission was taken back").isEqualTo(new Counters(store.get("key:k1").window(), 1, 200, 0));
        assertThat(store.get("tenant:acme").requests()).isEqualTo(1);
    }

    @Test
    void settlementReplacesTheEstimateAndFreesTheSlot() {
        Scope s = tenant(new Limits(null, 1000L, 1L));
        RateLimiter.Outcome.Admitted a = (RateLimiter.Outcome.Admitted) limiter.admit(List.of(s), 400);
        assertThat(limiter.admit(List.of(s), 1)).isInstanceOfSatisfying(RateLimiter.Outcome.Refused.class,
                r -> assertThat(r.limit()).isEqualTo(Limit.CONCURRENT));
        a.hold().settle(123);
        a.hold().release(); // a second ending does nothing
        assertThat(store.get("tenant:acme")).extracting(Counters::tokens, Counters::inflight).containsExactly(123L, 0L);
        RateLimiter.Outcome.Admitted b = (RateLimiter.Outcome.Admitted) limiter.admit(List.of(s), 400);
        b.hold().release();
        assertThat(store.get("tenant:acme")).extracting(Counters::requests, Counters::tokens, Counters::inflight).containsExactly(2L, 123L, 0L);
    }

    @Test
    void aRequestLargerThanAMinutesTokensIsNotRetryable() {
        assertThat(limiter.admit(List.of(tenant(new Limits(null, 100L, null))), 101)).isInstanceOfSatisfying(RateLimiter.Outcome.Refused.class,
                r -> assertThat(r.retryable()).isFalse());
    }

    @Test
    void aFailingStoreRefusesWhenFailClosedAndIsSkippedWhenFailOpen() {
        LimitStore broken = new LimitStore() {
            @Override
            public Admission admit(String scope, long window, Limits limits, long tokens, long expiresAt) {
                throw new IllegalStateException("store down");
            }

            @Override
            public void adjust(String scope, long window, long requests, long tokens, long inflight, long expiresAt) {
                throw new IllegalStateException("store down");
            }

            @Override
            public Counters get(String scope) {
                throw new IllegalStateException("store down");
            }
        };
        List<Scope> scopes = List.of(tenant(new Limits(1L, null, null)));
        assertThatThrownBy(() -> new RateLimiter(broken, clock, StoreFailureMode.FAIL_CLOSED).admit(scopes, 1))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.code()).isEqualTo("store_unavailable");
                });
        assertThat(new RateLimiter(broken, clock, StoreFailureMode.FAIL_OPEN).admit(scopes, 1))
                .isInstanceOfSatisfying(RateLimiter.Outcome.Admitted.class, a -> assertThat(a.headers()).isEqualTo(RateLimitHeaders.NONE));
    }

    @Test
    void theFailureModeIsReadFromItsVariable() {
        assertThat(StoreFailureMode.of("fail-open")).isEqualTo(StoreFailureMode.FAIL_OPEN);
        assertThat(StoreFailureMode.of("FAIL-CLOSED")).isEqualTo(StoreFailureMode.FAIL_CLOSED);
        assertThat(StoreFailureMode.fromEnv(dev.llmgateway.core.config.Env.of(Map.of()))).isEqualTo(StoreFailureMode.FAIL_CLOSED);
        assertThatThrownBy(() -> StoreFailureMode.of("open")).hasMessageContaining(StoreFailureMode.VARIABLE);
    }
}
