package dev.llmgateway.admin.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.admin.console.session.InMemorySessionStore;
import dev.llmgateway.admin.console.session.SessionStore;
import dev.llmgateway.core.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryConsoleSessionsTest extends ConsoleSessionsContract {
    @Override
    SessionStore newStore(MutableClock clock) {
        return new InMemorySessionStore(clock);
    }

    @Test
    void aLoginDropsSessionsThatExpiredUnseen() {
        ConsoleSessions.Session forgotten = sessions.create();
        clock.advance(IDLE.plus(Duration.ofSeconds(1)));
        sessions.create();
        assertThat(store.get(ConsoleSessions.hash(forgotten.token()))).isEmpty();
    }
}
