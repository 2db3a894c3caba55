package dev.llmgateway.core.tenant;

import java.time.Instant;

/**
 * A stored API key: only its hash (which is also its id in the admin API), never the key itself,
 * plus the first characters of the key so that a person can tell keys apart.
 */
public record ApiKey(String hash, String tenantId, String name, String prefix, Instant createdAt) {}
