package dev.llmgateway.core.cache;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.store.Stores;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exact-match response cache (docs/cache.md). {@link #lookup} decides, once per request and
 * after the inbound guardrails and the plan, whether the request is served from the cache
 * ({@link Lookup.Hit}), goes upstream and stores its answer ({@link Lookup.Miss}), goes upstream
 * only ({@link Lookup.Bypass}), or the cache is not on for it at all ({@link Lookup.Off}).
 *
 * <p>Identical requests that miss at the same time in one process are coalesced: the first goes
 * upstream, the others wait (at most {@code coalesceWait}) and are served its answer once it is
 * stored. Across processes (Lambda environments) nothing is coalesced; each may call upstream and
 * store, and a put replaces the item whole, so readers only ever see complete entries.
 */
public final class ResponseCache {
    private static final Logger log = LoggerFactory.getLogger(ResponseCache.class);
    public static final String TABLE_VARIABLE = "CACHE_TABLE";
    public static final String DEFAULT_TABLE = "llm-gateway-cache";
    public static final String COALESCE_WAIT_VARIABLE = "GATEWAY_CACHE_COALESCE_WAIT_MS";

    private final CachePolicy gateway;
    private final CacheStore store;
    private final Clock clock;
    private final Duration coalesceWait;
    private final ConcurrentHashMap<String, CompletableFuture<CacheEntry>> flights = new ConcurrentHashMap<>();

    /** @param gateway the gateway-wide policy (over {@link CachePolicy#DEFAULTS}) */
    public ResponseCache(CachePolicy gateway, CacheStore store, Clock clock, Duration coalesceWait) {
        this.gateway = gateway.over(CachePolicy.DEFAULTS);
        this.store = store;
        this.clock = clock;
        this.coalesceWait = coalesceWait;
    }

    /**
     * From the environment: the policy from {@code GATEWAY_CACHE_*}, DynamoDB ({@code CACHE_TABLE},
     * or the default table name when a DynamoDB endpoint is set) else memory.
     */
    public static ResponseCache fromEnv(Env env, Clock clock) {
        CachePolicy policy = CachePolicy.fromEnv(env);
        String endpoint = env.get("DYNAMODB_ENDPOINT", env.get("AWS_ENDPOINT_URL_DYNAMODB"));
        String table = env.get(TABLE_VARIABLE);
        CacheStore store;
        if (table == null && endpoint == null) {
            store = new InMemoryCacheStore(clock);
        } else {
            DynamoCacheStore dynamo = new DynamoCacheStore(Stores.client(env), table == null ? DEFAULT_TABLE : table, clock);
            if (env.flag("DYNAMODB_CREATE_TABLES", endpoint != null && env.localMode())) dynamo.createIfMissing();
            store = dynamo;
        }
        return new ResponseCache(policy, store, clock, env.millis(COALESCE_WAIT_VARIABLE, Duration.ofSeconds(60)));
    }

    public String description() {
        return (gateway.on() ? "on" : "off unless a route or tenant turns it on") + ", " + store.description();
    }

    /** What {@link #lookup} decided. */
    public sealed interface Lookup {
        /** The cache is not on for this request: no header, nothing counted. */
        record Off() implements Lookup {}

        /** Served upstream, neither read nor stored; {@code reason} names why (for the docs' table and logs). */
        record Bypass(String reason) implements Lookup {}

        /** Served from the cache to {@code request}; a hit is charged {@code costFraction} of the original cost. */
        record Hit(CacheEntry entry, BigDecimal costFraction, CacheRequest request) implements Lookup {}

        /** Served upstream; its answer is to be {@link ResponseCache#store stored}, and the miss closed either way. */
        final class Miss implements Lookup, AutoCloseable {
            private final String key;
            private final String tenantId;
            private final Duration ttl;
            private final CacheRequest request;
            private final CompletableFuture<CacheEntry> flight; // non-null when this request leads others

            Miss(String key, String tenantId, Duration ttl, CacheRequest request, CompletableFuture<CacheEntry> flight) {
                this.key = key;
                this.tenantId = tenantId;
                this.ttl = ttl;
                this.request = request;
                this.flight = flight;
            }

            public String key() {
                return key;
            }

            /** The request this miss was decided for. */
            public CacheRequest request() {
                return request;
            }

            /** Releases the requests waiting for this one; they go upstream themselves if nothing was stored. */
            @Override
            public void close() {
                if (flight != null) flight.complete(null);
            }
        }

        Off OFF = new Off();
    }

    /** What became of an answer given to {@link #store}. */
    public enum Stored { STORED, TOO_LARGE, FAILED }

    /**
     * Decides for one request. {@code request} null: not cacheable at all. {@code targets} are the
     * routing resolution ({@code provider/model} of every target the model may be served by).
     * {@code bounded}: the hard-cap mode lowered its max tokens, so its answer depends on the budget
     * left, and it is bypassed.
     */
    public Lookup lookup(String tenantId, CachePolicy tenantPolicy, CachePolicy routePolicy, Collection<String> targets,
                         CacheRequest request, ClientControl control, boolean bounded) {
        if (request == null) return Lookup.OFF;
        CachePolicy policy = effective(tenantPolicy, routePolicy);
        if (!policy.on()) return Lookup.OFF;
        if (control == ClientControl.BYPASS) return new Lookup.Bypass("client");
        String ineligible = ineligible(policy, request);
        if (ineligible != null) return new Lookup.Bypass(ineligible);
        if (bounded) return new Lookup.Bypass("bounded");
        String key = CacheKey.of(tenantId, targets, request);
        if (control == ClientControl.REFRESH) return new Lookup.Miss(key, tenantId, policy.ttl(), request, null);
        CacheEntry found;
        try {
            found = read(key, tenantId);
        } catch (RuntimeException e) {
            log.warn("response cache read failed, serving upstream: {}", e.toString());
            return new Lookup.Bypass("store");
        }
        if (found != null) return new Lookup.Hit(found, policy.hitCostFraction(), request);
        CompletableFuture<CacheEntry> mine = new CompletableFuture<>();
        CompletableFuture<CacheEntry> leader = flights.putIfAbsent(key, mine);
        if (leader == null) {
            mine.whenComplete((e, t) -> flights.remove(key, mine));
            return new Lookup.Miss(key, tenantId, policy.ttl(), request, mine);
        }
        CacheEntry coalesced = await(leader);
        if (coalesced != null) return new Lookup.Hit(coalesced, policy.hitCostFraction(), request);
        return new Lookup.Miss(key, tenantId, policy.ttl(), request, null);
    }

    /** The policy of a request: the tenant's fields over the route's over the gateway's. */
    public CachePolicy effective(CachePolicy tenantPolicy, CachePolicy routePolicy) {
        CachePolicy policy = gateway;
        if (routePolicy != null) policy = routePolicy.over(policy);
        if (tenantPolicy != null) policy = tenantPolicy.over(policy);
        return policy;
    }

    /** Null when {@code request} may be cached under {@code policy}, else why not: sampled, stateful or tool_results. */
    static String ineligible(CachePolicy policy, CacheRequest request) {
        if (!Boolean.TRUE.equals(policy.stateful())) {
            if (request.stateful()) return "stateful";
            if (request.toolResultsPending()) return "tool_results";
        }
        if (request.deterministic()) return null;
        boolean zero = request.temperature() != null && request.temperature() == 0;
        return switch (policy.eligible()) {
            case ANY -> null;
            case TEMPERATURE_ZERO -> zero ? null : "sampled";
            case TEMPERATURE_ZERO_OR_UNSET -> zero || !request.sampled() ? null : "sampled";
        };
    }

    /**
     * Stores the answer of a miss and hands it to the requests waiting on it. An entry whose
     * encoding exceeds {@link CacheCodec#MAX_ENCODED_BYTES} is not stored ({@link Stored#TOO_LARGE});
     * a store failure is logged and only costs the next request a miss.
     */
    public Stored store(Lookup.Miss miss, CacheEntry entry) {
        if (!entry.tenantId().equals(miss.tenantId)) throw new IllegalArgumentException("an entry is stored by its own tenant");
        byte[] payload = CacheCodec.encode(entry);
        if (payload.length > CacheCodec.MAX_ENCODED_BYTES) return Stored.TOO_LARGE;
        Instant expires = clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(miss.ttl);
        try {
            store.put(new CacheStore.Item(miss.key, miss.tenantId, payload, expires));
        } catch (RuntimeException e) {
            log.warn("response cache write failed: {}", e.toString());
            return Stored.FAILED;
        }
        if (miss.flight != null) miss.flight.complete(entry);
        return Stored.STORED;
    }

    private CacheEntry read(String key, String tenantId) {
        Optional<CacheStore.Item> item = store.get(key);
        if (item.isEmpty()) return null;
        if (!tenantId.equals(item.get().tenantId())) return null; // the key includes the tenant; this is the second lock
        try {
            CacheEntry entry = CacheCodec.decode(item.get().payload());
            return tenantId.equals(entry.tenantId()) ? entry : null;
        } catch (CacheCodec.Corrupt e) {
            log.warn("response cache entry {} cannot be read and is not served: {}", key, e.getMessage());
            return null;
        }
    }

    private CacheEntry await(CompletableFuture<CacheEntry> leader) {
        try {
            return leader.get(coalesceWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }
}
