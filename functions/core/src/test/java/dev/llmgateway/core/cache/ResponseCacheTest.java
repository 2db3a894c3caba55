package dev.llmgateway.core.cache;

import static dev.llmgateway.core.cache.CacheStoreContract.START;
import static dev.llmgateway.core.cache.CacheStoreContract.chat;
import static dev.llmgateway.core.cache.CacheStoreContract.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The decisions of {@link ResponseCache#lookup}: levels, client headers, and coalescing. */
class ResponseCacheTest {
    static final List<String> TARGETS = List.of("openai/gpt-4o");
    static final CacheRequest ZERO = chat("{\"model\":\"gpt-4o\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    final MutableClock clock = new MutableClock(START);

    private ResponseCache cache(CachePolicy gateway) {
        return new ResponseCache(gateway, new InMemoryCacheStore(clock), clock, Duration.ofSeconds(30));
    }

    @Test
    void offUnlessSomeLevelTurnsItOnAndTheNarrowestLevelWins() {
        CachePolicy on = new CachePolicy(true, null, null, null, null);
        CachePolicy off = new CachePolicy(false, null, null, null, null);
        ResponseCache gatewayOff = cache(CachePolicy.NONE);
        assertThat(gatewayOff.lookup("acme", null, null, TARGETS, ZERO, ClientControl.NORMAL, false)).isInstanceOf(ResponseCache.Lookup.Off.class);
        assertThat(gatewayOff.lookup("acme", null, on, TARGETS, ZERO, ClientControl.NORMAL, false)).as("route on")
                .isInstanceOf(ResponseCache.Lookup.Miss.class);
        assertThat(gatewayOff.lookup("acme", off, on, TARGETS, ZERO, ClientControl.NORMAL, false)).as("tenant off over route on")
                .isInstanceOf(ResponseCache.Lookup.Off.class);
        ResponseCache gatewayOn = cache(on);
        assertThat(gatewayOn.lookup("acme", null, off, TARGETS, ZERO, ClientControl.NORMAL, false)).isInstanceOf(ResponseCache.Lookup.Off.class);
        CachePolicy effective = gatewayOn.effective(new CachePolicy(null, 10L, null, null, null),
                new CachePolicy(null, 20L, CachePolicy.Eligible.ANY, null, new BigDecimal("0.5")));
        assertThat(effective).isEqualTo(new CachePolicy(true, 10L, CachePolicy.Eligible.ANY, false, new BigDecimal("0.5")));
        assertThat(gatewayOn.lookup("acme", null, null, TARGETS, null, ClientControl.NORMAL, false)).as("not cacheable")
                .isInstanceOf(ResponseCache.Lookup.Off.class);
    }

    @Test
    void bypassAndRefreshAndTheHardCapBound() {
        ResponseCache cache = cache(new CachePolicy(true, null, null, null, null));
        try (var miss = (ResponseCache.Lookup.Miss) cache.lookup("acme", null, null, TARGETS, ZERO, ClientControl.NORMAL, false)) {
            cache.store(miss, entry("acme", "{\"v\":1}"));
        }
        assertThat(cache.lookup("acme", null, null, TARGETS, ZERO, ClientControl.BYPASS, false))
                .isEqualTo(new ResponseCache.Lookup.Bypass("client"));
        assertThat(cache.lookup("acme", null, null, TARGETS, ZERO, ClientControl.NORMAL, true))
                .isEqualTo(new ResponseCache.Lookup.Bypass("bounded"));
        assertThat(cache.lookup("acme", null, null, TARGETS, chat("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), ClientControl.NORMAL, false))
                .isEqualTo(new ResponseCache.Lookup.Bypass("sampled"));
        // refresh: not read, but stored, replacing the old answer
        try (var miss = (ResponseCache.Lookup.Miss) cache.lookup("acme", null, null, TARGETS, ZERO, ClientControl.REFRESH, false)) {
            cache.store(miss, entry("acme", "{\"v\":2}"));
        }
        var hit = (ResponseCache.Lookup.Hit) cache.lookup("acme", null, null, TARGETS, ZERO, ClientControl.NORMAL, false);
        assertThat(new String(hit.entry().body())).isEqualTo("{\"v\":2}");
        assertThat(hit.costFraction()).isEqualByComparingTo("0");
    }

    @Test
    void identicalMissesInOneProcessWaitForTheFirstAndAreServedItsAnswer() throws Exception {
        ResponseCache cache = cache(new CachePolicy(true, null, null, null, null));
        var leader = (ResponseCache.Lookup.Miss) cache.lookup("acme", null, null, TARGETS, ZERO, ClientControl.NORMAL, false);
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            List<Thread> waiting = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<CompletableFuture<ResponseCache.Lookup>> followers = List.of(follower(cache, threads, waiting), follower(cache, threads, waiting));
            awaitParked(waiting, 2);
            assertThat(followers).noneMatch(CompletableFuture::isDone);
            cache.store(leader, entry("acme", "{\"v\":1}"));
            leader.close();
            for (var f : followers) {
                assertThat(f.get()).isInstanceOfSatisfying(ResponseCache.Lookup.Hit.class,
                        h -> assertThat(new String(h.entry().body())).isEqualTo("{\"v\":1}"));
            }
        }
    }

    @Test
    void whenTheFirstStoresNothingTheWaitingRequestsGoUpstreamThemselves() throws Exception {
        ResponseCache cache = cache(new CachePolicy(true, null, null, null, null));
        var leader = (ResponseCache.Lookup.Miss) cache.lookup("acme", null, null, TARGETS, ZERO, ClientControl.NORMAL, false);
        try (ExecutorService threads = Executors.newFixedThreadPool(1)) {
            List<Thread> waiting = new java.util.concurrent.CopyOnWriteArrayList<>();
            var follower = follower(cache, threads, waiting);
            awaitParked(waiting, 1);
            leader.close(); // failed upstream: nothing stored
            assertThat(follower.get()).isInstanceOf(ResponseCache.Lookup.Miss.class);
        }
        // and the next request leads again
        assertThat(cache.lookup("acme", null, null, TARGETS, ZERO, ClientControl.NORMAL, false)).isInstanceOf(ResponseCache.Lookup.Miss.class);
    }

    private static CompletableFuture<ResponseCache.Lookup> follower(ResponseCache cache, ExecutorService threads, List<Thread> waiting) {
        return CompletableFuture.supplyAsync(() -> {
            waiting.add(Thread.currentThread());
            return cache.lookup("acme", null, null, TARGETS, ZERO, ClientControl.NORMAL, false);
        }, threads);
    }

    /** Until each follower's thread is parked in the lookup (waiting on the first request), not a timed guess. */
    private static void awaitParked(List<Thread> threads, int count) throws InterruptedException {
        while (threads.size() < count || threads.stream().anyMatch(t -> t.getState() != Thread.State.TIMED_WAITING)) Thread.sleep(5);
    }
}
