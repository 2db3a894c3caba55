package dev.llmgateway.admin.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.admin.console.session.SessionStore;
import dev.llmgateway.admin.console.session.StoredSession;
import dev.llmgateway.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the console's sessions do on every store: in memory and on DynamoDB (dynalite). */
abstract class ConsoleSessionsContract {
    static final Duration IDLE = Duration.ofMinutes(30);
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    SessionStore store;
    ConsoleSessions sessions;

    abstract SessionStore newStore(MutableClock clock);

    @BeforeEach
    void fresh() {
        store = newStore(clock);
        sessions = new ConsoleSessions(store, clock, IDLE);
    }

    StoredSession stored(ConsoleSessions.Session s) {
        return store.get(ConsoleSessions.hash(s.token())).orElseThrow();
    }

    @Test
    void aSessionLivesWhileUsedAndEndsAfterTheIdleTimeout() {
        ConsoleSessions.Session s = sessions.create();
        assertThat(s.token()).isNotEqualTo(s.csrf()).hasSizeGreaterThanOrEqualTo(43); // 32 random bytes each
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(s.token())).isPresent(); // used: its idle clock restarts
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(s.token())).get().extracting(ConsoleSessions.Session::csrf).isEqualTo(s.csrf());
        clock.advance(IDLE);
        assertThat(sessions.find(s.token())).isEmpty();
        assertThat(sessions.find(s.token())).isEmpty(); // and stays gone
    }

    @Test
    void theStoreKeepsTheTokensHashTheCsrfTokenTheTimesAndTheExpiryButNotTheToken() {
        Instant start = clock.instant();
        ConsoleSessions.Session s = sessions.create();
        assertThat(store.get(s.token())).as("not findable by the token itself").isEmpty();
        StoredSession kept = stored(s);
        assertThat(kept.tokenHash()).hasSize(64).isNotEqualTo(s.token()).doesNotContain(s.token());
        assertThat(kept.csrf()).isEqualTo(s.csrf());
        assertThat(kept.created()).isEqualTo(start);
        assertThat(kept.lastSeen()).isEqualTo(start);
        assertThat(kept.expiresAt()).isEqualTo(start.plus(IDLE));
    }

    @Test
    void lastSeenIsWrittenAtMostOnceAMinute() {
        Instant start = clock.instant();
        ConsoleSessions.Session s = sessions.create();
        clock.advance(Duration.ofSeconds(59));
        assertThat(sessions.find(s.token())).isPresent();
        assertThat(stored(s).lastSeen()).as("no write within the minute").isEqualTo(start);
        clock.advance(Duration.ofSeconds(1));
        assertThat(sessions.find(s.token())).isPresent();
        Instant touched = clock.instant();
        assertThat(stored(s).lastSeen()).isEqualTo(touched);
        assertThat(stored(s).expiresAt()).isEqualTo(touched.plus(IDLE));
        assertThat(stored(s).created()).isEqualTo(start);
        clock.advance(Duration.ofSeconds(30));
        assertThat(sessions.find(s.token())).isPresent();
        assertThat(stored(s).lastSeen()).isEqualTo(touched);
    }

    @Test
    void anExpiredItemStillInTheStoreIsRefused() {
        ConsoleSessions.Session s = sessions.create();
        clock.advance(IDLE);
        // Nothing has deleted it yet (DynamoDB's TTL runs late): the read itself refuses it.
        assertThat(store.get(ConsoleSessions.hash(s.token()))).isPresent();
        assertThat(sessions.find(s.token())).isEmpty();
    }

    @Test
    void logoutDeletesItAndUnknownTokensFindNothing() {
        ConsoleSessions.Session s = sessions.create();
        sessions.end(s.token());
        assertThat(store.get(ConsoleSessions.hash(s.token()))).isEmpty();
        assertThat(sessions.find(s.token())).isEmpty();
        assertThat(sessions.find("made-up")).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
        assertThat(sessions.find("")).isEmpty();
    }

    @Test
    void aRefreshDoesNotBringBackASessionThatEnded() {
        ConsoleSessions.Session s = sessions.create();
        String id = ConsoleSessions.hash(s.token());
        store.delete(id);
        assertThat(store.touch(id, clock.instant(), clock.instant().plus(IDLE))).isFalse();
        assertThat(store.get(id)).isEmpty();
    }
}
