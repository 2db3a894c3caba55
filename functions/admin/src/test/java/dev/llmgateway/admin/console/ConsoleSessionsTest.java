package dev.llmgateway.admin.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConsoleSessionsTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    final ConsoleSessions sessions = new ConsoleSessions(clock, Duration.ofMinutes(30));

    @Test
    void aSessionLivesWhileUsedAndEndsAfterTheIdleTimeout() {
        ConsoleSessions.Session s = sessions.create();
        assertThat(s.token()).isNotEqualTo(s.csrf()).hasSizeGreaterThanOrEqualTo(43); // 32 random bytes each
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(s.token())).isPresent(); // used: its idle clock restarts
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(s.token())).get().extracting(ConsoleSessions.Session::csrf).isEqualTo(s.csrf());
        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.find(s.token())).isEmpty();
        assertThat(sessions.find(s.token())).isEmpty(); // and stays gone
    }

    @Test
    void logoutEndsItAndUnknownTokensFindNothing() {
        ConsoleSessions.Session s = sessions.create();
        sessions.end(s.token());
        assertThat(sessions.find(s.token())).isEmpty();
        assertThat(sessions.find("made-up")).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
    }
}
