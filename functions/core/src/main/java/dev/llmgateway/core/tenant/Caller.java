package dev.llmgateway.core.tenant;

/**
 * Who sent a request: the tenant, the key it presented (null in open mode without a known key),
 * and the key's team (null when it has none).
 */
public record Caller(Tenant tenant, ApiKey key, Team team) {
    public Caller(Tenant tenant, ApiKey key) {
        this(tenant, key, null);
    }
}
