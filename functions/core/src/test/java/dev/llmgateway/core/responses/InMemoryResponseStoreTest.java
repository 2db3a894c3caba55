package dev.llmgateway.core.responses;

import dev.llmgateway.core.testing.MutableClock;

class InMemoryResponseStoreTest extends ResponseStoreContract {
    @Override
    ResponseStore newStore(MutableClock clock) {
        return new InMemoryResponseStore(clock);
    }
}
