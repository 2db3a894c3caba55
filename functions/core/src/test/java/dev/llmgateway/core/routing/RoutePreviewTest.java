package dev.llmgateway.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class RoutePreviewTest {
    private final AtomicLong now = new AtomicLong();
    private final TargetHealth health = new TargetHealth(new TargetHealth.Settings(1, Duration.ofSeconds(30), 0.3), now::get);

    static Route route(String json) {
        return Route.parse(Json.tree(json));
    }

    static Map<String, Long> firsts(RoutePreview preview) {
        return preview.sequence().stream().filter(s -> s.target() != null)
                .collect(Collectors.groupingBy(s -> s.target().toString(), Collectors.counting()));
    }

    RoutePreview preview(Route route, int n) {
        return RoutePreview.of(route, health, PriceTable.defaults(), n);
    }

    @Test
    void weightedSharesAreTheWeightsAndTheSequenceKeepsToThemWithinOne() {
        RoutePreview preview = preview(route("""
                {"model":"w","strategy":"weighted","targets":[
                  {"provider":"openai","model":"a","weight":3},{"provider":"ollama","model":"b","weight":1},
                  {"provider":"ollama","model":"spare","weight":0}]}"""), 20);
        assertThat(preview.shares()).extracting(RoutePreview.Share::expectedShare).containsExactly(0.75, 0.25, 0.0);
        assertThat(preview.shares()).extracting(RoutePreview.Share::count).containsExactly(15, 5, 0);
        // interleaved, not 15 then 5: consecutive requests draw quantiles far apart
        assertThat(preview.sequence().subList(0, 4)).extracting(s -> s.target().toString()).contains("ollama/b");
        // the weight-0 target is only ever a fallback, last
        assertThat(preview.sequence()).allSatisfy(s -> assertThat(s.order()).last().hasToString("ollama/spare"));
    }

    @Test
    void theRouterServesThePreviewsExpectedShares() {
        Route route = route("""
                {"model":"w","strategy":"weighted","targets":[
                  {"provider":"openai","model":"a","weight":5},{"provider":"openai","model":"b","weight":3},
                  {"provider":"openai","model":"c","weight":2}]}""");
        health.failure(new TargetKey("openai", "b"), null); // threshold 1: open
        RoutePreview preview = preview(route, 20);
        assertThat(preview.shares()).extracting(RoutePreview.Share::expectedShare)
                .containsExactly(5 / 7.0, 0.0, 2 / 7.0);
        // the router draws among all three and skips the open one: the same probabilities
        int n = 20_000;
        Map<String, Long> served = new java.util.HashMap<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < n; i++) {
            List<RouteTarget> order = Selection.callable(Selection.order(route.strategy(), 0, route.targets(), i, random::nextLong, health), health);
            served.merge(order.getFirst().key().toString(), 1L, Long::sum);
        }
        assertThat(served.get("openai/a") / (double) n).isCloseTo(5 / 7.0, Offset.offset(0.02));
        assertThat(served.get("openai/c") / (double) n).isCloseTo(2 / 7.0, Offset.offset(0.02));
        assertThat(served).doesNotContainKey("openai/b");
    }

    @Test
    void roundRobinRotatesAndTheTargetAfterAnOpenOneTakesItsTurn() {
        Route route = route("""
                {"model":"rr","strategy":"round-robin","targets":[
                  {"provider":"openai","model":"a"},{"provider":"openai","model":"b"},{"provider":"openai","model":"c"}]}""");
        assertThat(preview(route, 6).sequence()).extracting(s -> s.target().model()).containsExactly("a", "b", "c", "a", "b", "c");
        health.failure(new TargetKey("openai", "b"), null);
        RoutePreview preview = preview(route, 6);
        // as Failover does: the rotation's order, then the open target skipped
        assertThat(preview.sequence()).extracting(s -> s.target().model()).containsExactly("a", "c", "c", "a", "c", "c");
        assertThat(preview.shares()).extracting(RoutePreview.Share::state)
                .containsExactly(RoutePreview.State.HEALTHY, RoutePreview.State.OPEN, RoutePreview.State.HEALTHY);
        assertThat(preview.shares()).extracting(RoutePreview.Share::expectedShare).containsExactly(1 / 3.0, 0.0, 2 / 3.0);
    }

    @Test
    void listedOrderGoesToTheFirstHealthyTargetAndFailsOverInOrder() {
        Route route = route("""
                {"model":"p","targets":[{"provider":"openai","model":"a"},{"provider":"openai","model":"b"}]}""");
        assertThat(firsts(preview(route, 20))).containsExactlyEntriesOf(Map.of("openai/a", 20L));
        health.failure(new TargetKey("openai", "a"), null);
        RoutePreview preview = preview(route, 20);
        assertThat(firsts(preview)).containsExactlyEntriesOf(Map.of("openai/b", 20L));
        assertThat(preview.sequence().getFirst().order()).extracting(TargetKey::model).containsExactly("b");
        now.addAndGet(Duration.ofSeconds(31).toNanos()); // cool-down over: half-open, called again
        assertThat(firsts(preview(route, 20))).containsExactlyEntriesOf(Map.of("openai/a", 20L));
    }

    @Test
    void latencyAwareGoesToTheFastestMeasuredTarget() {
        Route route = route("""
                {"model":"l","strategy":"latency-aware","targets":[{"provider":"openai","model":"slow"},{"provider":"openai","model":"fast"}]}""");
        health.success(new TargetKey("openai", "slow"), Duration.ofMillis(900).toNanos());
        health.success(new TargetKey("openai", "fast"), Duration.ofMillis(100).toNanos());
        assertThat(firsts(preview(route, 5))).containsExactlyEntriesOf(Map.of("openai/fast", 5L));
        // without health (deployed) nothing is measured: the listed order
        assertThat(firsts(RoutePreview.of(route, HealthView.ALL_HEALTHY, PriceTable.defaults(), 5)))
                .containsExactlyEntriesOf(Map.of("openai/slow", 5L));
    }

    @Test
    void costAwareGoesToTheCheapestByTheRoutersPrices() {
        Route route = route("""
                {"model":"c","strategy":"cost-aware","targets":[
                  {"provider":"openai","model":"gpt-4o"},{"provider":"openai","model":"gpt-4o-mini"}]}""");
        assertThat(firsts(preview(route, 3))).containsExactlyEntriesOf(Map.of("openai/gpt-4o-mini", 3L)); // from the price catalogue
    }

    @Test
    void everyTargetOpenLeavesTheProbeAndEveryTargetWaitingLeavesNone() {
        Route route = route("""
                {"model":"w","strategy":"weighted","targets":[{"provider":"openai","model":"a","weight":1},{"provider":"openai","model":"b","weight":1}]}""");
        health.failure(new TargetKey("openai", "a"), null);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        health.failure(new TargetKey("openai", "b"), null);
        assertThat(firsts(preview(route, 4))).containsExactlyEntriesOf(Map.of("openai/a", 4L)); // re-opens soonest
        health.failure(new TargetKey("openai", "a"), Duration.ofSeconds(60));
        health.failure(new TargetKey("openai", "b"), Duration.ofSeconds(60));
        RoutePreview waiting = preview(route, 4);
        assertThat(waiting.sequence()).allSatisfy(s -> assertThat(s.target()).isNull());
        assertThat(waiting.shares()).extracting(RoutePreview.Share::state).containsOnly(RoutePreview.State.WAITING);
        assertThat(waiting.toTree().get("sequence").get(0).get("target").isNull()).isTrue();
    }

    @Test
    void theJsonNamesTargetsStatesAndShares() {
        var tree = preview(route("""
                {"model":"w","strategy":"weighted","targets":[{"provider":"openai","model":"a","weight":1}]}"""), 2).toTree();
        assertThat(tree.get("object").asText()).isEqualTo("route.preview");
        assertThat(tree.get("targets").get(0).get("target").asText()).isEqualTo("openai/a");
        assertThat(tree.get("targets").get(0).get("state").asText()).isEqualTo("healthy");
        assertThat(tree.get("targets").get(0).get("expected_share").asDouble()).isEqualTo(1.0);
        assertThat(tree.get("sequence")).hasSize(2);
        assertThat(tree.get("sequence").get(1).get("order").get(0).asText()).isEqualTo("openai/a");
    }

    @Test
    void theStrideVisitsEveryPointOnce() {
        for (int n = 1; n <= 200; n++) {
            int stride = RoutePreview.stride(n);
            java.util.Set<Long> points = new java.util.HashSet<>();
            for (int j = 0; j < n; j++) points.add((long) j * stride % n);
            assertThat(points).as("n=%d", n).hasSize(n);
        }
    }
}
