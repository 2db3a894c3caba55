package dev.llmgateway.core.cache;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.json.JsonFields;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the response cache treats requests, at one level: the gateway (environment or the file's
 * {@code cache:}), a route ({@code "cache"} in the route) or a tenant ({@code "cache"} in the
 * tenant). Every field is optional; a field set at a narrower level wins ({@link #over}), and
 * {@link #DEFAULTS} fills the rest. The same JSON shape everywhere:
 * <pre>{"enabled":true,"ttl_seconds":3600,"eligible":"temperature_zero","stateful":false,"hit_cost_fraction":0}</pre>
 *
 * @param enabled whether answers are looked up and stored (off unless some level turns it on)
 * @param ttlSeconds how long an answer is served from the cache
 * @param eligible which requests count as deterministic enough to cache
 * @param stateful also cache requests with {@code store}, {@code previous_response_id} or tool results pending
 * @param hitCostFraction the share of the original cost a hit is charged against the budget (0 to 1)
 */
public record CachePolicy(Boolean enabled, Long ttlSeconds, Eligible eligible, Boolean stateful, BigDecimal hitCostFraction) {

    /** Which requests may be cached. */
    public enum Eligible {
        /** Only requests that set {@code temperature} to 0. */
        TEMPERATURE_ZERO,
        /** Temperature 0, or no sampling parameter at all ({@code temperature}, {@code top_p}, {@code top_k}). */
        TEMPERATURE_ZERO_OR_UNSET,
        /** Every request, sampled or not. */
        ANY;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Eligible of(String name) {
            for (Eligible e : values()) if (e.wireName().equals(name)) return e;
            return null;
        }

        static String names() {
            return Arrays.stream(values()).map(Eligible::wireName).collect(Collectors.joining(", "));
        }
    }

    public static final CachePolicy NONE = new CachePolicy(null, null, null, null, null);
    public static final CachePolicy DEFAULTS = new CachePolicy(false, 3600L, Eligible.TEMPERATURE_ZERO, false, BigDecimal.ZERO);
    /** Entries live at most a year (DynamoDB's TTL deletes them later; reads check the expiry themselves). */
    static final long MAX_TTL_SECONDS = 365L * 24 * 3600;
    static final Set<String> FIELDS = Set.of("enabled", "ttl_seconds", "eligible", "stateful", "hit_cost_fraction");
    private static final JsonFields BODY = new JsonFields("invalid_cache");

    /** This policy with every field it leaves unset taken from {@code base}. */
    public CachePolicy over(CachePolicy base) {
        if (base == null) return this;
        return new CachePolicy(enabled != null ? enabled : base.enabled, ttlSeconds != null ? ttlSeconds : base.ttlSeconds,
                eligible != null ? eligible : base.eligible, stateful != null ? stateful : base.stateful,
                hitCostFraction != null ? hitCostFraction : base.hitCostFraction);
    }

    @JsonIgnore
    public boolean on() {
        return Boolean.TRUE.equals(enabled);
    }

    @JsonIgnore
    public Duration ttl() {
        return Duration.ofSeconds(ttlSeconds == null ? DEFAULTS.ttlSeconds : ttlSeconds);
    }

    /**
     * Reads a policy; errors are 400s ({@code invalid_cache}) naming the field under {@code prefix}
     * ({@code cache.}). Null or absent is null.
     */
    public static CachePolicy parse(JsonNode node, String prefix) {
        if (node == null || node.isNull()) return null;
        String at = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
        if (!node.isObject()) throw BODY.bad("Invalid '" + at + "': must be an object with " + String.join(", ", FIELDS.stream().sorted().toList()) + ".", at);
        BODY.onlyKnown(node, FIELDS, prefix);
        Boolean enabled = bool(node, "enabled", prefix);
        Long ttl = BODY.wholeNumber(node, "ttl_seconds", prefix + "ttl_seconds", 1, MAX_TTL_SECONDS, "how long an answer is kept, in seconds");
        String rule = BODY.text(node, "eligible", prefix + "eligible", false, 64);
        Eligible eligible = rule == null ? null : Eligible.of(rule);
        if (rule != null && eligible == null) {
            throw BODY.bad("Invalid '" + prefix + "eligible': '" + rule + "'; use one of " + Eligible.names() + ".", prefix + "eligible");
        }
        Boolean stateful = bool(node, "stateful", prefix);
        BigDecimal fraction = BODY.decimal(node, "hit_cost_fraction", prefix + "hit_cost_fraction", BigDecimal.ZERO, BigDecimal.ONE,
                "the share of the original cost charged for a hit");
        return new CachePolicy(enabled, ttl, eligible, stateful, fraction);
    }

    private static Boolean bool(JsonNode node, String field, String prefix) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isBoolean()) throw BODY.bad("Invalid '" + prefix + field + "': must be true or false.", prefix + field);
        return v.booleanValue();
    }

    /** The variables of the gateway-wide policy, by field. */
    public static final String ENABLED = "GATEWAY_CACHE_ENABLED";
    public static final String TTL_SECONDS = "GATEWAY_CACHE_TTL_SECONDS";
    public static final String ELIGIBLE = "GATEWAY_CACHE_ELIGIBLE";
    public static final String STATEFUL = "GATEWAY_CACHE_STATEFUL";
    public static final String HIT_COST_FRACTION = "GATEWAY_CACHE_HIT_COST_FRACTION";

    /** The gateway-wide policy from its variables (the file's {@code cache:} sets them under the environment). */
    public static CachePolicy fromEnv(Env env) {
        Boolean enabled = env.get(ENABLED) == null ? null : env.flag(ENABLED, false);
        Long ttl = env.get(TTL_SECONDS) == null ? null : env.number(TTL_SECONDS, 0);
        if (ttl != null && (ttl < 1 || ttl > MAX_TTL_SECONDS)) {
            throw new IllegalArgumentException(TTL_SECONDS + " must be from 1 to " + MAX_TTL_SECONDS + ", not " + ttl);
        }
        String rule = env.get(ELIGIBLE);
        Eligible eligible = rule == null ? null : Eligible.of(rule.toLowerCase(Locale.ROOT));
        if (rule != null && eligible == null) throw new IllegalArgumentException(ELIGIBLE + " must be one of " + Eligible.names() + ", not '" + rule + "'");
        Boolean stateful = env.get(STATEFUL) == null ? null : env.flag(STATEFUL, false);
        BigDecimal fraction = null;
        String f = env.get(HIT_COST_FRACTION);
        if (f != null) {
            try {
                fraction = new BigDecimal(f);
            } catch (NumberFormatException e) {
                fraction = BigDecimal.valueOf(-1);
            }
            if (fraction.signum() < 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException(HIT_COST_FRACTION + " must be a number from 0 to 1, not '" + f + "'");
            }
        }
        return new CachePolicy(enabled, ttl, eligible, stateful, fraction).over(DEFAULTS);
    }
}
