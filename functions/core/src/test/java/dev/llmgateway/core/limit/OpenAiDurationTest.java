package dev.llmgateway.core.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The reset durations in the notation OpenAI's own x-ratelimit-reset-* headers use (Go's). */
class OpenAiDurationTest {
    @Test
    void formatsAsGoDurations() {
        assertThat(OpenAiDuration.format(Duration.ofMillis(20))).isEqualTo("20ms");
        assertThat(OpenAiDuration.format(Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(OpenAiDuration.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(OpenAiDuration.format(Duration.ofMillis(59_999))).isEqualTo("59.999s");
        assertThat(OpenAiDuration.format(Duration.ofMinutes(6))).isEqualTo("6m0s");
        assertThat(OpenAiDuration.format(Duration.ofMillis(6 * 60_000 + 120))).isEqualTo("6m0.12s");
        assertThat(OpenAiDuration.format(Duration.ofHours(1))).isEqualTo("1h0m0s");
        assertThat(OpenAiDuration.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(OpenAiDuration.format(Duration.ofMillis(-5))).isEqualTo("0s");
    }
}
