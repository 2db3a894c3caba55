package dev.llmgateway.core.tenant;

import dev.llmgateway.core.api.GatewayError;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Maps a request's {@code Authorization: Bearer <key>} to its tenant. In {@link Mode#KEYS} (the
 * deployed default) an unknown or missing key is a 401 in OpenAI's shape; in {@link Mode#OPEN} (the
 * local default) a known key still selects its tenant, and anything else is tenant {@code default},
 * so any SDK with any api_key works. Lookups are cached by key hash for a short TTL, so a request
 * does not read the store, and a revoked key or a changed budget takes effect within the TTL.
 */
public final class Authenticator {
    public enum Mode {
        OPEN, KEYS;

        public static Mode of(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "open" -> OPEN;
                case "keys" -> KEYS;
                default -> throw new IllegalArgumentException("GATEWAY_AUTH must be 'open' or 'keys', not '" + value + "'");
            };
        }
    }

    private static final int MAX_CACHED = 10_000;
    private static final String DEFAULT_KEY = "";

    private record Entry(Optional<Caller> caller, long loadedAt) {}

    private final Mode mode;
    private final TenantStore store;
    private final ApiKeys keys;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

    public Authenticator(Mode mode, TenantStore store, ApiKeys keys, Duration cacheTtl) {
        this(mode, store, keys, cacheTtl, Clock.systemUTC());
    }

    /** {@code clock} decides when a key has expired. */
    public Authenticator(Mode mode, TenantStore store, ApiKeys keys, Duration cacheTtl, Clock clock) {
        this(mode, store, keys, cacheTtl, System::nanoTime, clock);
    }

    Authenticator(Mode mode, TenantStore store, ApiKeys keys, Duration cacheTtl, LongSupplier nanoTime) {
        this(mode, store, keys, cacheTtl, nanoTime, Clock.systemUTC());
    }

    Authenticator(Mode mode, TenantStore store, ApiKeys keys, Duration cacheTtl, LongSupplier nanoTime, Clock clock) {
        this.clock = clock;
        this.mode = mode;
        this.store = store;
        this.keys = keys;
        this.ttlNanos = cacheTtl.toNanos();
        this.nanoTime = nanoTime;
    }

    public Mode mode() {
        return mode;
    }

    public Tenant authenticate(String authorization) {
        return caller(authorization).tenant();
    }

    /**
     * The tenant and key of a request. An expired key is refused in both modes (checked on every
     * request, not only when the cache loads), so expiry is exact while revocation takes up to the TTL.
     */
    public Caller caller(String authorization) {
        String key = bearer(authorization);
        Optional<Caller> caller = key == null ? Optional.empty() : cached(keys.hash(key), this::lookupKey);
        if (caller.isPresent()) {
            if (caller.get().key().policy().expired(clock.instant())) {
                throw GatewayError.unauthorized("This API key has expired. Ask the gateway's operator for a new one.");
            }
            return caller.get();
        }
        if (mode == Mode.OPEN) {
            return cached(DEFAULT_KEY, h -> Optional.of(new Caller(store.tenant(Tenant.DEFAULT_ID)
                    .orElse(new Tenant(Tenant.DEFAULT_ID, Tenant.DEFAULT_ID, null)), null))).orElseThrow();
        }
        if (key == null) {
            throw GatewayError.unauthorized("You didn't provide an API key. You need to provide your API key in an "
                    + "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
        }
        // Never echo the key: error bodies end up in client logs.
        throw GatewayError.unauthorized("Incorrect API key provided. Ask the gateway's operator for a valid key.");
    }

    /** Forgets cached lookups, after a local admin change. */
    public void invalidate() {
        cache.clear();
    }

    private Optional<Caller> lookupKey(String hash) {
        return store.keyByHash(hash).flatMap(k -> store.tenant(k.tenantId()).map(t -> new Caller(t, k,
                k.policy().teamId() == null ? null : store.team(k.tenantId(), k.policy().teamId()).orElse(null))));
    }

    private Optional<Caller> cached(String hash, java.util.function.Function<String, Optional<Caller>> load) {
        long now = nanoTime.getAsLong();
        Entry e = cache.get(hash);
        if (e != null && now - e.loadedAt() < ttlNanos) return e.caller();
        Optional<Caller> caller = load.apply(hash);
        if (cache.size() >= MAX_CACHED) cache.clear(); // crude bound against a flood of random keys
        cache.put(hash, new Entry(caller, now));
        return caller;
    }

    /** The token of {@code Authorization: Bearer <token>} (or a bare token), null when there is none. */
    public static String bearer(String authorization) {
        if (authorization == null) return null;
        String value = authorization.trim();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) value = value.substring(7).trim();
        return value.isEmpty() ? null : value;
    }
}
