package dev.llmgateway.core.tenant;

/** Who sent a request: the tenant, and the key it presented (null in open mode without a known key). */
public record Caller(Tenant tenant, ApiKey key) {}
