package dev.llmgateway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every cache store must do, run on memory and on DynamoDB (dynalite), both directly and
 * under the {@link ResponseCache} that the request path uses.
 */
abstract class CacheStoreContract {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final CachePolicy ON = new CachePolicy(true, 60L, null, null, null);

    final MutableClock clock = new MutableClock(START);
    CacheStore store;
    ResponseCache cache;

    abstract CacheStore newStore(MutableClock clock);

    @BeforeEach
    void fresh() {
        store = newStore(clock);
        cache = new ResponseCache(ON, store, clock, Duration.ofSeconds(5));
    }

    @Test
    void anItemIsReadBackWholeUntilItExpires() {
        byte[] payload = new byte[256];
        new Random(1).nextBytes(payload);
        store.put(new CacheStore.Item("k1", "acme", payload, START.plusSeconds(60)));
        CacheStore.Item read = store.get("k1").orElseThrow();
        assertThat(read.payload()).isEqualTo(payload);
        assertThat(read.tenantId()).isEqualTo("acme");
        assertThat(read.expiresAt()).isEqualTo(START.plusSeconds(60));
        assertThat(store.get("k2")).isEmpty();
        clock.advance(Duration.ofSeconds(59));
        assertThat(store.get("k1")).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(store.get("k1")).isEmpty();
    }

    @Test
    void aPutReplacesTheItemWhole() {
        store.put(new CacheStore.Item("k", "acme", new byte[] {1, 2, 3}, START.plusSeconds(60)));
        store.put(new CacheStore.Item("k", "acme", new byte[] {9}, START.plusSeconds(120)));
        CacheStore.Item read = store.get("k").orElseThrow();
        assertThat(read.payload()).containsExactly(9);
        assertThat(read.expiresAt()).isEqualTo(START.plusSeconds(120));
    }

    @Test
    void theLargestEntryTheCodecAllowsFitsTheStore() {
        byte[] payload = new byte[CacheCodec.MAX_ENCODED_BYTES];
        new Random(2).nextBytes(payload);
        String key = "f".repeat(64); // a real key's length
        store.put(new CacheStore.Item(key, "t".repeat(63), payload, START.plusSeconds(3600)));
        assertThat(store.get(key).orElseThrow().payload()).isEqualTo(payload);
    }

    @Test
    void aStoredAnswerIsAHitForTheSameRequestOfTheSameTenantOnly() {
        CacheRequest request = chat("{\"model\":\"gpt-4o\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        ResponseCache.Lookup first = lookup("acme", request);
        assertThat(first).isInstanceOf(ResponseCache.Lookup.Miss.class);
        try (ResponseCache.Lookup.Miss miss = (ResponseCache.Lookup.Miss) first) {
            assertThat(cache.store(miss, entry("acme", "{\"answer\":1}"))).isEqualTo(ResponseCache.Stored.STORED);
        }
        ResponseCache.Lookup again = lookup("acme", request);
        assertThat(again).isInstanceOfSatisfying(ResponseCache.Lookup.Hit.class,
                hit -> assertThat(new String(hit.entry().body(), StandardCharsets.UTF_8)).isEqualTo("{\"answer\":1}"));
        // The identical request of another tenant misses, and its own answer never reaches acme.
        ResponseCache.Lookup other = lookup("globex", request);
        assertThat(other).isInstanceOf(ResponseCache.Lookup.Miss.class);
        try (ResponseCache.Lookup.Miss miss = (ResponseCache.Lookup.Miss) other) {
            cache.store(miss, entry("globex", "{\"answer\":2}"));
        }
        assertThat(((ResponseCache.Lookup.Hit) lookup("acme", request)).entry().body()).asString(StandardCharsets.UTF_8).isEqualTo("{\"answer\":1}");
        assertThat(((ResponseCache.Lookup.Hit) lookup("globex", request)).entry().body()).asString(StandardCharsets.UTF_8).isEqualTo("{\"answer\":2}");
    }

    @Test
    void anItemUnderAnotherTenantIsNeverServedEvenUnderTheSameKey() {
        CacheRequest request = chat("{\"model\":\"gpt-4o\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        String key = CacheKey.of("acme", List.of("openai/gpt-4o"), request);
        store.put(new CacheStore.Item(key, "globex", CacheCodec.encode(entry("globex", "{}")), START.plusSeconds(60)));
        assertThat(lookup("acme", request)).isInstanceOf(ResponseCache.Lookup.Miss.class);
    }

    @Test
    void anEntryExpiresAfterItsTtl() {
        CacheRequest request = chat("{\"model\":\"gpt-4o\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        try (var miss = (ResponseCache.Lookup.Miss) lookup("acme", request)) {
            cache.store(miss, entry("acme", "{}"));
        }
        clock.advance(Duration.ofSeconds(59));
        assertThat(lookup("acme", request)).isInstanceOf(ResponseCache.Lookup.Hit.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(lookup("acme", request)).isInstanceOf(ResponseCache.Lookup.Miss.class);
    }

    @Test
    void aLargeAnswerIsCompressedAndOneStillTooLargeIsNotStored() {
        CacheRequest request = chat("{\"model\":\"gpt-4o\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        String large = "{\"content\":\"" + "all work and no play ".repeat(50_000) + "\"}"; // 1 MB of text
        try (var miss = (ResponseCache.Lookup.Miss) lookup("acme", request)) {
            assertThat(cache.store(miss, entry("acme", large))).isEqualTo(ResponseCache.Stored.STORED);
        }
        assertThat(((ResponseCache.Lookup.Hit) lookup("acme", request)).entry().body()).asString(StandardCharsets.UTF_8).isEqualTo(large);

        CacheRequest other = chat("{\"model\":\"gpt-4o\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"noise\"}]}");
        byte[] noise = new byte[CacheCodec.MAX_ENCODED_BYTES]; // random bytes do not compress
        new Random(3).nextBytes(noise);
        try (var miss = (ResponseCache.Lookup.Miss) lookup("acme", other)) {
            assertThat(cache.store(miss, new CacheEntry("acme", "openai", "gpt-4o", null, 1, 1, noise, List.of(), null, START)))
                    .isEqualTo(ResponseCache.Stored.TOO_LARGE);
        }
        assertThat(lookup("acme", other)).isInstanceOf(ResponseCache.Lookup.Miss.class);
    }

    @Test
    void aDamagedEntryIsAMissNotAnAnswer() {
        CacheRequest request = chat("{\"model\":\"gpt-4o\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        String key = CacheKey.of("acme", List.of("openai/gpt-4o"), request);
        byte[] payload = CacheCodec.encode(entry("acme", "{\"answer\":\"complete\"}"));
        payload[payload.length - 6] ^= 0x20;
        store.put(new CacheStore.Item(key, "acme", payload, START.plusSeconds(60)));
        assertThat(lookup("acme", request)).isInstanceOf(ResponseCache.Lookup.Miss.class);
    }

    @Test
    void aStreamIsKeptChunkForChunk() {
        CacheRequest request = chat("{\"model\":\"gpt-4o\",\"temperature\":0,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        List<byte[]> chunks = List.of("{\"a\":1}".getBytes(), "{\"bb\":22}".getBytes(), "{\"ccc\":333}".getBytes());
        try (var miss = (ResponseCache.Lookup.Miss) lookup("acme", request)) {
            cache.store(miss, new CacheEntry("acme", "openai", "gpt-4o", Usage.of(3, 4), 7, 70, null, chunks,
                    "{\"usage\":{}}".getBytes(), START));
        }
        CacheEntry hit = ((ResponseCache.Lookup.Hit) lookup("acme", request)).entry();
        assertThat(hit.streamed()).isTrue();
        assertThat(hit.chunks()).hasSize(3);
        for (int i = 0; i < 3; i++) assertThat(hit.chunks().get(i)).isEqualTo(chunks.get(i));
        assertThat(hit.usageChunk()).isEqualTo("{\"usage\":{}}".getBytes());
        assertThat(hit.usage()).isEqualTo(Usage.of(3, 4));
        assertThat(hit.tokens()).isEqualTo(7);
        assertThat(hit.costMicros()).isEqualTo(70);
    }

    private ResponseCache.Lookup lookup(String tenant, CacheRequest request) {
        return cache.lookup(tenant, null, null, List.of("openai/gpt-4o"), request, ClientControl.NORMAL, false);
    }

    static CacheRequest chat(String json) {
        return CacheRequest.chat(ChatRequest.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    static CacheEntry entry(String tenant, String body) {
        return new CacheEntry(tenant, "openai", "gpt-4o", Usage.of(10, 5), 15, 150, body.getBytes(StandardCharsets.UTF_8), List.of(),
                null, START);
    }
}
