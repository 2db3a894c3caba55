package dev.llmgateway.admin.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's sessions, held in this process: a random token (the cookie) with its own CSRF token,
 * ended by logout or after {@code idle} without a request. Deployed, the admin function runs one
 * environment at a time (reserved concurrency 1), so one process holds every session; a new
 * environment means logging in again.
 */
public final class ConsoleSessions {
    public static final String COOKIE = "console_session";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One login: {@code csrf} must accompany every state-changing request made with {@code token}. */
    public record Session(String token, String csrf, Instant lastSeen) {}

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration idle;

    public ConsoleSessions(Clock clock, Duration idle) {
        this.clock = clock;
        this.idle = idle;
    }

    public Duration idle() {
        return idle;
    }

    public Session create() {
        Session session = new Session(random(), random(), clock.instant());
        sessions.put(session.token(), session);
        return session;
    }

    /** The live session of {@code token}, its idle clock restarted; empty if unknown, ended or idle too long. */
    public Optional<Session> find(String token) {
        if (token == null) return Optional.empty();
        Instant now = clock.instant();
        Session found = sessions.computeIfPresent(token, (t, s) ->
                Duration.between(s.lastSeen(), now).compareTo(idle) >= 0 ? null : new Session(t, s.csrf(), now));
        return Optional.ofNullable(found);
    }

    public void end(String token) {
        if (token != null) sessions.remove(token);
    }

    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
