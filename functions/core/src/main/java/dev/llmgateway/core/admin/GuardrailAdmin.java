package dev.llmgateway.core.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.guardrail.Policy;
import dev.llmgateway.core.guardrail.PolicyStore;

/**
 * The guardrail policies of the control plane ({@code /admin/guardrails}), framework-free like
 * {@link AdminApi}: each method returns the JSON to send or throws a {@link GatewayError} (400
 * naming the field of an invalid policy, 404, 409). A write takes effect in this process at once
 * and in every other within the policy cache TTL (docs/guardrails.md).
 */
public final class GuardrailAdmin {
    private final PolicyStore store;
    private final Runnable changed;

    /** @param changed called after every write, so caches in this process see it at once */
    public GuardrailAdmin(PolicyStore store, Runnable changed) {
        this.store = store;
        this.changed = changed;
    }

    public ObjectNode list() {
        return AdminApi.list(store.list().stream().map(Policy::toTree).toList());
    }

    public ObjectNode get(String id) {
        return store.get(id).map(Policy::toTree).orElseThrow(() -> AdminApi.notFound("guardrail policy", id));
    }

    /** Creates a policy whose id is in the body; 409 when it exists. */
    public ObjectNode create(byte[] body) {
        Policy policy = Policy.parse(AdminApi.json(body), null);
        if (store.get(policy.id()).isPresent()) {
            throw GatewayError.conflict("Guardrail policy '" + policy.id() + "' already exists; use PUT /admin/guardrails/" + policy.id()
                    + " to replace it.", "id");
        }
        return write(policy);
    }

    /** Creates or replaces the policy {@code id}. */
    public ObjectNode put(String id, byte[] body) {
        if (!Policy.validId(id)) throw Policy.FIELDS.bad("Invalid policy id '" + id + "': 1 to 64 letters, digits, '.', '_' or '-'.", "id");
        return write(Policy.parse(AdminApi.json(body), id));
    }

    public ObjectNode delete(String id) {
        if (!store.delete(id)) throw AdminApi.notFound("guardrail policy", id);
        changed.run();
        return AdminApi.deleted(id);
    }

    private ObjectNode write(Policy policy) {
        store.put(policy);
        changed.run();
        return policy.toTree();
    }
}
