package dev.llmgateway.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The breaker's state as metrics read it: closed, open for the cool-down, then half-open until a call decides. */
class TargetHealthTest {
    private final AtomicLong clock = new AtomicLong();
    private final TargetHealth health = new TargetHealth(new TargetHealth.Settings(2, Duration.ofSeconds(30), 0.3), clock::get);
    private final TargetKey openai = new TargetKey("openai", "gpt-4o");
    private final TargetKey ollama = new TargetKey("ollama", "llama3.2");

    @Test
    void everyTargetSeenHasItsBreakersState() {
        assertThat(health.circuits()).isEmpty();
        health.success(ollama, 1_000_000);
        health.failure(openai, null);
        assertThat(health.circuits()).isEqualTo(Map.of(openai, TargetHealth.Circuit.CLOSED, ollama, TargetHealth.Circuit.CLOSED));

        health.failure(openai, null);
        assertThat(health.circuits()).containsEntry(openai, TargetHealth.Circuit.OPEN);

        clock.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThat(health.circuits()).containsEntry(openai, TargetHealth.Circuit.HALF_OPEN);

        health.success(openai, 1_000_000);
        assertThat(health.circuits()).containsEntry(openai, TargetHealth.Circuit.CLOSED);
    }

    @Test
    void aFailureReportsOpeningTheBreakerOncePerOpening() {
        assertThat(health.failure(openai, null)).isFalse(); // 1 of 2
        assertThat(health.failure(openai, null)).as("the threshold: opened").isTrue();
        assertThat(health.failure(openai, null)).as("already open: no new opening").isFalse();
        clock.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThat(health.failure(openai, null)).as("half-open, one failure re-opens it").isTrue();
        clock.addAndGet(Duration.ofSeconds(31).toNanos());
        health.success(openai, 1_000_000);
        assertThat(health.failure(openai, Duration.ofSeconds(60))).as("closed again, 1 of 2; a Retry-After is no opening").isFalse();
    }
}
