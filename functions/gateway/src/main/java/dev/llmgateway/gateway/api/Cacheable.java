package dev.llmgateway.gateway.api;

import dev.llmgateway.core.cache.CacheRequest;
import dev.llmgateway.core.tenant.Tenant;
import java.util.function.Supplier;

/**
 * A request the response cache may serve: whose it is (its policy and the key's tenant) and what
 * it asks ({@link CacheRequest}, one factory per client API), built only when the cache is on for
 * it. Controllers pass one to {@link RequestFlow#complete} and {@link RequestFlow#stream}; null
 * means never cached.
 */
record Cacheable(Tenant tenant, Supplier<CacheRequest> request) {
    static Cacheable of(Tenant tenant, Supplier<CacheRequest> request) {
        return new Cacheable(tenant, request);
    }
}
