package dev.llmgateway.admin.console.session;

import java.time.Instant;

/**
 * A console session as a store keeps it: the SHA-256 of its token (the cookie's value, never stored
 * itself), the CSRF token that must accompany its state-changing requests, when it started, when it
 * was last seen, and when it ends unless it is seen again.
 */
public record StoredSession(String tokenHash, String csrf, Instant created, Instant lastSeen, Instant expiresAt) {}
