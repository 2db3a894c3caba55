package dev.llmgateway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** The cache contract on the in-memory store, plus its memory bound. */
class InMemoryCacheStoreTest extends CacheStoreContract {
    @Override
    CacheStore newStore(MutableClock clock) {
        return new InMemoryCacheStore(clock);
    }

    @Test
    void theLeastRecentlyUsedItemsGoWhenTheBoundIsReached() {
        InMemoryCacheStore small = new InMemoryCacheStore(clock, 250);
        small.put(new CacheStore.Item("a", "t", new byte[100], START.plusSeconds(60)));
        small.put(new CacheStore.Item("b", "t", new byte[100], START.plusSeconds(60)));
        small.get("a"); // a is now the most recently used
        small.put(new CacheStore.Item("c", "t", new byte[100], START.plusSeconds(60)));
        assertThat(small.get("a")).isPresent();
        assertThat(small.get("b")).isEmpty();
        assertThat(small.get("c")).isPresent();
    }
}
