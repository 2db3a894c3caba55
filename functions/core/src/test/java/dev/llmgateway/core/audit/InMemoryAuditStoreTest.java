package dev.llmgateway.core.audit;

/** The audit contract on the in-memory store. */
class InMemoryAuditStoreTest extends AuditContract {
    @Override
    AuditStore newStore() {
        return new InMemoryAuditStore();
    }

    @Override
    void delete(String pk, long sk) {
        ((InMemoryAuditStore) store).remove(pk, sk);
    }
}
