package dev.llmgateway.admin.console;

import dev.llmgateway.admin.console.session.SessionStore;
import dev.llmgateway.admin.console.session.StoredSession;
import dev.llmgateway.core.audit.AuditKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The console's sessions: a random token (the cookie) with its own CSRF token, ended by logout or
 * after {@code idle} without a request. They are kept in a {@link SessionStore} under the token's
 * SHA-256, never the token itself, so whoever reads the store cannot present a session; deployed the
 * store is a DynamoDB table, so every environment of the admin function accepts every session.
 */
public final class ConsoleSessions {
    public static final String COOKIE = "console_session";
    /**
     * How often a session in use has its last-seen time written. Pages poll every few seconds, and a
     * write on each request would cost a DynamoDB write per poll per open tab for nothing: the idle
     * timeout only needs minutes. So a session ends at most this much before {@code idle} has passed
     * since its very last request.
     */
    static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One login: {@code csrf} must accompany every state-changing request made with {@code token}. */
    public record Session(String token, String csrf, Instant lastSeen) {}

    private final SessionStore store;
    private final Clock clock;
    private final Duration idle;

    public ConsoleSessions(SessionStore store, Clock clock, Duration idle) {
        this.store = store;
        this.clock = clock;
        this.idle = idle;
    }

    public Duration idle() {
        return idle;
    }

    public String description() {
        return store.description() + ", idle timeout " + idle.toMinutes() + " min";
    }

    public Session create() {
        Instant now = clock.instant();
        Session session = new Session(random(), random(), now);
        store.put(new StoredSession(hash(session.token()), session.csrf(), now, now, now.plus(idle)));
        return session;
    }

    /** The live session of {@code token}, its idle clock restarted; empty if unknown, ended or idle too long. */
    public Optional<Session> find(String token) {
        if (token == null || token.isEmpty()) return Optional.empty();
        String id = hash(token);
        Optional<StoredSession> stored = store.get(id);
        if (stored.isEmpty()) return Optional.empty();
        StoredSession s = stored.get();
        Instant now = clock.instant();
        if (!s.expiresAt().isAfter(now)) { // TTL deletion is late: the expiry is checked here
            store.delete(id);
            return Optional.empty();
        }
        Instant seen = s.lastSeen();
        if (Duration.between(seen, now).compareTo(TOUCH_EVERY) >= 0) {
            if (!store.touch(id, now, now.plus(idle))) return Optional.empty(); // ended meanwhile
            seen = now;
        }
        return Optional.of(new Session(token, s.csrf(), seen));
    }

    public void end(String token) {
        if (token != null && !token.isEmpty()) store.delete(hash(token));
    }

    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Plain SHA-256 suffices: a token is 32 random bytes, so its hash cannot be searched back to it. */
    static String hash(String token) {
        return AuditKey.sha256(token.getBytes(StandardCharsets.UTF_8));
    }
}
