package dev.llmgateway.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.core.providers.ModelResolver;
import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.Provider;
import dev.llmgateway.core.spi.StreamResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RouterTest {
    private final InMemoryRouteStore store = new InMemoryRouteStore();
    private final TargetHealth health = new TargetHealth(TargetHealth.Settings.DEFAULTS);

    private Router router(Map<String, Provider> enabled) {
        return new Router(new ModelResolver(Catalogue.ALL, enabled), new RouteCache(store, Duration.ofMinutes(1)),
                PriceTable.defaults(), health, new SplittableRandom(42));
    }

    private Router router() {
        return router(Map.of("openai", stub("openai"), "ollama", stub("ollama")));
    }

    private void route(String json) {
        store.put(Route.parse(Json.tree(json)));
    }

    @Test
    void anUnroutedModelResolvesByPrefixToOneCandidateAsBefore() {
        Routing routing = router().route("gpt-4o-mini");
        assertThat(routing.routed()).isFalse();
        assertThat(routing.candidates()).singleElement().satisfies(c -> {
            assertThat(c.key()).hasToString("openai/gpt-4o-mini");
            assertThat(c.price()).isEqualTo(Price.of("0.15", "0.60", "0.075"));
        });
        assertThat(router().route("ollama/llama3.2").candidates().getFirst().key()).hasToString("ollama/llama3.2");
        assertThatThrownBy(() -> router().route("nope")).isInstanceOfSatisfying(GatewayError.class,
                e -> assertThat(e.code()).isEqualTo("model_not_found"));
    }

    @Test
    void roundRobinStartsEachRequestAtTheNextTarget() {
        route("""
                {"model":"rr","strategy":"round-robin","targets":[
                  {"provider":"openai","model":"a"},{"provider":"openai","model":"b"},{"provider":"ollama","model":"c"}]}""");
        Router router = router();
        Map<String, Long> firsts = firsts(router, "rr", 300);
        assertThat(firsts).containsExactlyInAnyOrderEntriesOf(Map.of("openai/a", 100L, "openai/b", 100L, "ollama/c", 100L));
        // and the rest of the order is the failover order: the rotation continues
        assertThat(router.route("rr").candidates()).extracting(c -> c.key().toString()).containsExactly("openai/a", "openai/b", "ollama/c");
        assertThat(router.route("rr").candidates()).extracting(c -> c.key().toString()).containsExactly("openai/b", "ollama/c", "openai/a");
    }

    @Test
    void weightedDrawsInProportionToTheWeights() {
        route("""
                {"model":"w","strategy":"weighted","targets":[
                  {"provider":"openai","model":"a","weight":6},{"provider":"openai","model":"b","weight":3},
                  {"provider":"ollama","model":"c","weight":1},{"provider":"ollama","model":"never","weight":0}]}""");
        int n = 20_000;
        Map<String, Long> firsts = firsts(router(), "w", n);
        assertThat(firsts.get("openai/a") / (double) n).isCloseTo(0.6, org.assertj.core.data.Offset.offset(0.02));
        assertThat(firsts.get("openai/b") / (double) n).isCloseTo(0.3, org.assertj.core.data.Offset.offset(0.02));
        assertThat(firsts.get("ollama/c") / (double) n).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.02));
        assertThat(firsts).doesNotContainKey("ollama/never");
        assertThat(router().route("w").candidates()).hasSize(4).last().extracting(c -> c.key().toString()).isEqualTo("ollama/never");
    }

    @Test
    void latencyAwarePutsTheFastestFirstAfterMeasuringTheUnmeasured() {
        route("""
                {"model":"fast","strategy":"latency-aware","targets":[
                  {"provider":"openai","model":"slow"},{"provider":"openai","model":"quick"},{"provider":"ollama","model":"new"}]}""");
        health.success(new TargetKey("openai", "slow"), Duration.ofMillis(900).toNanos());
        health.success(new TargetKey("openai", "quick"), Duration.ofMillis(120).toNanos());
        assertThat(router().route("fast").candidates()).extracting(c -> c.key().toString())
                .containsExactly("ollama/new", "openai/quick", "openai/slow");
        health.success(new TargetKey("ollama", "new"), Duration.ofMillis(400).toNanos());
        assertThat(router().route("fast").candidates()).extracting(c -> c.key().toString())
                .containsExactly("openai/quick", "ollama/new", "openai/slow");
    }

    @Test
    void costAwarePutsTheCheapestFirstAndGoesByLatencyWithinTheTolerance() {
        route("""
                {"model":"cheap","strategy":"cost-aware","cost_tolerance":0.1,"targets":[
                  {"provider":"openai","model":"gpt-4o"},
                  {"provider":"openai","model":"gpt-4o-mini"},
                  {"provider":"openai","model":"mini-clone","price":{"input":0.16,"output":0.62}},
                  {"provider":"openai","model":"unpriced-model"}]}""");
        assertThat(router().route("cheap").candidates()).extracting(c -> c.key().toString())
                .containsExactly("openai/gpt-4o-mini", "openai/mini-clone", "openai/gpt-4o", "openai/unpriced-model");
        // The clone is within 10% of the cheapest, so once it is known to be faster it goes first.
        health.success(new TargetKey("openai", "gpt-4o-mini"), Duration.ofMillis(800).toNanos());
        health.success(new TargetKey("openai", "mini-clone"), Duration.ofMillis(100).toNanos());
        assertThat(router().route("cheap").candidates()).extracting(c -> c.key().toString())
                .containsExactly("openai/mini-clone", "openai/gpt-4o-mini", "openai/gpt-4o", "openai/unpriced-model");
    }

    @Test
    void targetsOfDisabledProvidersAreLeftOutAndARouteWithNoneLeftIsNotFound() {
        route("""
                {"model":"mixed","strategy":"model-prefix","targets":[{"provider":"ollama","model":"x"},{"provider":"openai","model":"gpt-4o"}]}""");
        route("""
                {"model":"local","targets":[{"provider":"ollama","model":"x"}]}""");
        Router openAiOnly = router(Map.of("openai", stub("openai")));
        assertThat(openAiOnly.route("mixed").candidates()).extracting(c -> c.key().toString()).containsExactly("openai/gpt-4o");
        assertThatThrownBy(() -> openAiOnly.route("local")).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.getMessage()).contains("not enabled");
        });
    }

    @Test
    void aRealModelNameCanBeRoutedToo() {
        route("""
                {"model":"gpt-4o","strategy":"model-prefix","targets":[{"provider":"openai","model":"gpt-4o"},{"provider":"ollama","model":"llama3.2"}]}""");
        Routing routing = router().route("gpt-4o");
        assertThat(routing.routed()).isTrue();
        assertThat(routing.candidates()).extracting(c -> c.key().toString()).containsExactly("openai/gpt-4o", "ollama/llama3.2");
    }

    @Test
    void routeChangesTakeEffectWhenTheCacheExpires() {
        long[] now = {0};
        RouteCache cache = new RouteCache(store, Duration.ofSeconds(10), () -> now[0]);
        route("""
                {"model":"alias","targets":[{"provider":"openai","model":"one"}]}""");
        assertThat(cache.find("alias").targets().getFirst().model()).isEqualTo("one");
        route("""
                {"model":"alias","targets":[{"provider":"openai","model":"two"}]}""");
        now[0] = Duration.ofSeconds(9).toNanos();
        assertThat(cache.find("alias").targets().getFirst().model()).as("served from the cache within the TTL").isEqualTo("one");
        now[0] = Duration.ofSeconds(11).toNanos();
        assertThat(cache.find("alias").targets().getFirst().model()).isEqualTo("two");
    }

    private static Map<String, Long> firsts(Router router, String model, int n) {
        Map<String, Long> counts = new HashMap<>();
        for (int i = 0; i < n; i++) counts.merge(router.route(model).candidates().getFirst().key().toString(), 1L, Long::sum);
        return counts;
    }

    static Provider stub(String name) {
        return new Provider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Completion complete(ChatRequest request, String model) {
                throw new UnsupportedOperationException();
            }

            @Override
            public StreamResult stream(ChatRequest request, String model, ChunkSink sink) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<String> models() {
                return List.of();
            }
        };
    }

}
