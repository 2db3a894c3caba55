package dev.llmgateway.admin.console.session;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the console's sessions live: this process's memory ({@link InMemorySessionStore}: local runs
 * and tests) or DynamoDB ({@link DynamoSessionStore}: deployed, so every environment of the admin
 * function accepts a session any of them started). Keyed by the token's hash. A store may return an
 * item past its {@code expiresAt} (DynamoDB's TTL deletes late); {@code ConsoleSessions} checks it.
 */
public interface SessionStore {
    void put(StoredSession session);

    Optional<StoredSession> get(String tokenHash);

    /** Moves a session's last-seen time and expiry; false when it is gone (ended meanwhile), which it must not bring back. */
    boolean touch(String tokenHash, Instant lastSeen, Instant expiresAt);

    void delete(String tokenHash);

    /** For the startup log line. */
    String description();
}
