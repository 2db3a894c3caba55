package dev.llmgateway.admin.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.routing.TargetHealth;
import dev.llmgateway.core.routing.TargetKey;
import dev.llmgateway.core.testing.MutableClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The local data source reads the gateway's meters as the gateway names them, and turns totals into rates over the window. */
class RegistryTrafficTest {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final TargetHealth health = new TargetHealth(TargetHealth.Settings.DEFAULTS);
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));

    void request(String provider, String model, int status, long millis, int tokens) {
        Counter.builder("gateway.requests").tags("model", model, "provider", provider, "status", Integer.toString(status))
                .register(registry).increment();
        Timer.builder("gateway.latency").tags("model", model, "provider", provider)
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5))
                .register(registry).record(Duration.ofMillis(millis));
        Counter.builder("gateway.tokens").tags("model", model, "provider", provider, "direction", "input").register(registry).increment(tokens);
        Counter.builder("gateway.tokens").tags("model", model, "provider", provider, "direction", "cached").register(registry).increment(tokens);
    }

    @Test
    void ratesPercentilesAndErrorsOverTheWindow() {
        RegistryTraffic traffic = new RegistryTraffic(registry, health, clock);
        for (int i = 0; i < 19; i++) request("openai", "gpt-4o-mini", 200, 80, 10);
        request("openai", "gpt-4o-mini", 502, 700, 0);
        clock.advance(Duration.ofSeconds(10));
        TrafficSource.Traffic t = traffic.traffic();
        assertThat(t.requests()).isEqualTo(20);
        assertThat(t.requestsPerSecond()).isEqualTo(2.0);
        assertThat(t.errorRate()).isEqualTo(0.05);
        assertThat(t.p50Millis()).isEqualTo(100.0); // 19 of 20 at most 100 ms
        assertThat(t.p95Millis()).isEqualTo(100.0); // the 95th of 20 is the 19th
        assertThat(t.tokensPerMinute()).isEqualTo(190 * 6.0); // input only: "cached" is a part of it
        assertThat(t.cacheHits()).isZero();
        assertThat(t.models()).singleElement().satisfies(m -> {
            assertThat(m.provider()).isEqualTo("openai");
            assertThat(m.requests()).isEqualTo(20);
        });
        // A minute later with no traffic: the rate falls back to zero while the total stays.
        clock.advance(Duration.ofSeconds(70));
        traffic.traffic();
        clock.advance(Duration.ofSeconds(70));
        TrafficSource.Traffic idle = traffic.traffic();
        assertThat(idle.requestsPerSecond()).isZero();
        assertThat(idle.requests()).isEqualTo(20);
        assertThat(idle.p95Millis()).isNull();
    }

    /** What the cache saved, for the overview: its hits and the dollars of every tenant, since the gateway started. */
    @Test
    void cacheHitsAndSavingsAreTheGatewaysTotals() {
        Counter.builder("gateway.cache.requests").tag("result", "hit").register(registry).increment(3);
        Counter.builder("gateway.cache.requests").tag("result", "miss").register(registry).increment(5);
        Counter.builder("gateway.cache.saved.dollars").tag("tenant", "a").register(registry).increment(0.125);
        Counter.builder("gateway.cache.saved.dollars").tag("tenant", "b").register(registry).increment(0.5);
        TrafficSource.Traffic t = new RegistryTraffic(registry, health, clock).traffic();
        assertThat(t.cacheHits()).isEqualTo(3);
        assertThat(t.cacheSavedUsd()).isEqualTo(0.625);
    }

    @Test
    void providersShowTheBreakerLatencyAndLastError() {
        RegistryTraffic traffic = new RegistryTraffic(registry, health, clock);
        TargetKey target = new TargetKey("anthropic", "claude-sonnet-4-5");
        health.success(target, Duration.ofMillis(1500).toNanos());
        for (int i = 0; i < 3; i++) health.failure(target, null);
        Counter.builder("gateway.provider.errors").tags("provider", "anthropic", "error_code", "overloaded_error").register(registry).increment();
        assertThat(traffic.providers()).singleElement().satisfies(p -> {
            assertThat(p.breaker()).isEqualTo("open");
            assertThat(p.ewmaMillis()).isEqualTo(1500.0);
            assertThat(p.lastError()).isEqualTo("overloaded_error");
        });
    }

    @Test
    void percentileIsTheFirstBucketHoldingTheShare() {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        buckets.put(100.0, 50.0);
        buckets.put(500.0, 90.0);
        buckets.put(1000.0, 100.0);
        assertThat(RegistryTraffic.percentile(buckets, 0.5)).isEqualTo(100.0);
        assertThat(RegistryTraffic.percentile(buckets, 0.9)).isEqualTo(500.0);
        assertThat(RegistryTraffic.percentile(buckets, 0.95)).isEqualTo(1000.0);
        assertThat(RegistryTraffic.percentile(new TreeMap<>(), 0.5)).isNull();
    }
}
