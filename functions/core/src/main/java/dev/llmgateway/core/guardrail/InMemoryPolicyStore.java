package dev.llmgateway.core.guardrail;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Policies in process memory: the local default, and the reference the DynamoDB store is tested against. */
public final class InMemoryPolicyStore implements PolicyStore {
    private final ConcurrentHashMap<String, Policy> policies = new ConcurrentHashMap<>();

    @Override
    public List<Policy> list() {
        return policies.values().stream().sorted(Comparator.comparing(Policy::id)).toList();
    }

    @Override
    public Optional<Policy> get(String id) {
        return Optional.ofNullable(policies.get(id));
    }

    @Override
    public void put(Policy policy) {
        policies.put(policy.id(), policy);
    }

    @Override
    public boolean delete(String id) {
        return policies.remove(id) != null;
    }
}
