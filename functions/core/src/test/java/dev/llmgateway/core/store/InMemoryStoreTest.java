package dev.llmgateway.core.store;

import java.time.Clock;

/** The store contract on the in-memory stores (local mode). */
class InMemoryStoreTest extends StoreContract {
    @Override
    Stores newStores() {
        return Stores.inMemory(Clock.systemUTC());
    }
}
