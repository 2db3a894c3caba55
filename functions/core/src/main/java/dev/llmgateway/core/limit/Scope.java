package dev.llmgateway.core.limit;

/**
 * Something rate limits apply to, with its limits: a key ({@code key}, its hash), a team ({@code team}, {@code <tenant>/<team>}), a tenant
 * ({@code tenant}), or a tenant's requests for one model ({@code model}, {@code <tenant>/<model>}).
 * {@code kind} is the {@code scope} label of {@code gateway_rate_limited_total}.
 */
public record Scope(String kind, String id, Limits limits) {
    public static final String KEY = "key";
    public static final String TEAM = "team";
    public static final String TENANT = "tenant";
    public static final String MODEL = "model";

    /** The counter item's key: kind and id, so different kinds never share a counter. */
    String counterKey() {
        return kind + ":" + id;
    }
}
