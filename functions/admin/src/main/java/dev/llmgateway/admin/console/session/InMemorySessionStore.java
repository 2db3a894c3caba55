package dev.llmgateway.admin.console.session;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Sessions in this process: one environment's only, which is enough where one process serves the console. */
public final class InMemorySessionStore implements SessionStore {
    private final Map<String, StoredSession> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemorySessionStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void put(StoredSession session) {
        // Sessions never seen again would stay for good: each login drops the expired ones.
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !s.expiresAt().isAfter(now));
        sessions.put(session.tokenHash(), session);
    }

    @Override
    public Optional<StoredSession> get(String tokenHash) {
        return Optional.ofNullable(sessions.get(tokenHash));
    }

    @Override
    public boolean touch(String tokenHash, Instant lastSeen, Instant expiresAt) {
        return sessions.computeIfPresent(tokenHash, (h, s) -> new StoredSession(h, s.csrf(), s.created(), lastSeen, expiresAt)) != null;
    }

    @Override
    public void delete(String tokenHash) {
        sessions.remove(tokenHash);
    }

    @Override
    public String description() {
        return "in memory (this process only)";
    }
}
