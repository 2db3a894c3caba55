package dev.llmgateway.core.tenant;

import java.time.Instant;

/**
 * A stored API key: only its hash (which is also its id in the admin API), never the key itself,
 * plus the first characters of the key so that a person can tell keys apart, and what the operator
 * set on it ({@link KeyPolicy}: models, expiry, metadata, limits).
 */
public record ApiKey(String hash, String tenantId, String name, String prefix, Instant createdAt, KeyPolicy policy) {
    public ApiKey {
        if (policy == null) policy = KeyPolicy.NONE;
    }

    public ApiKey(String hash, String tenantId, String name, String prefix, Instant createdAt) {
        this(hash, tenantId, name, prefix, createdAt, KeyPolicy.NONE);
    }

    public ApiKey with(String name, KeyPolicy policy) {
        return new ApiKey(hash, tenantId, name, prefix, createdAt, policy);
    }
}
