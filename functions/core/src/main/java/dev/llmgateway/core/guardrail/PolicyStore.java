package dev.llmgateway.core.guardrail;

import java.util.List;
import java.util.Optional;

/** Where guardrail policies are kept, like routes: DynamoDB when deployed, memory (seeded from the configuration file) locally. */
public interface PolicyStore {
    /** Every policy, sorted by id; the table is small and read whole by {@link Guardrails}. */
    List<Policy> list();

    Optional<Policy> get(String id);

    /** Creates or replaces the policy {@code policy.id()}. */
    void put(Policy policy);

    /** Removes a policy; returns false when there was none. */
    boolean delete(String id);
}
