package dev.llmgateway.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class UpstreamErrorsTest {
    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        assertThat(UpstreamErrors.retryAfter("12")).isEqualTo(Duration.ofSeconds(12));
        String inAMinute = ZonedDateTime.now().plusSeconds(60).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(UpstreamErrors.retryAfter(inAMinute)).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(61));
        assertThat(UpstreamErrors.retryAfter("soon")).isNull();
        assertThat(UpstreamErrors.retryAfter(null)).isNull();
    }

    @Test
    void statusesMapOnceForAllProviders() {
        assertThat(UpstreamErrors.map("p", 400, null, "bad", "messages", null).status()).isEqualTo(400);
        assertThat(UpstreamErrors.map("p", 401, null, "no", null, null).type()).isEqualTo("authentication_error");
        assertThat(UpstreamErrors.map("p", 403, null, "no", null, null).type()).isEqualTo("permission_error");
        assertThat(UpstreamErrors.map("p", 429, null, "slow down", null, null).code()).isEqualTo("rate_limit_exceeded");
        assertThat(UpstreamErrors.map("p", 500, null, "boom", null, null).status()).isEqualTo(502);
        assertThat(UpstreamErrors.map("p", 529, null, "overloaded", null, null).status()).isEqualTo(502);
        assertThat(UpstreamErrors.map("p", 500, null, "boom", null, null).isUpstream()).isTrue();
    }
}
