package dev.llmgateway.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * For any weighted route, any set of open breakers and any number of requests: each healthy
 * target's count over the previewed requests is within 1 of {@code n × weight / healthy total}
 * (the stratified draws' guarantee), the expected shares are exactly the weights' proportions, and
 * a target whose breaker is open never appears (unless every target is open: then the probe).
 */
class RoutePreviewPropertyTest {
    /** A route's weights and which of its targets have an open breaker. */
    record Case(List<Integer> weights, List<Boolean> open) {}

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.integers().between(1, Route.MAX_TARGETS).flatMap(size -> Combinators.combine(
                Arbitraries.integers().between(0, 1000).list().ofSize(size).filter(w -> w.stream().anyMatch(x -> x > 0)),
                Arbitraries.of(true, false).list().ofSize(size)).as(Case::new));
    }

    @Property(tries = 1000, seed = "42")
    void sharesMatchTheWeightsAndAnOpenTargetNeverServes(@ForAll("cases") Case c, @ForAll @IntRange(min = 1, max = 300) int n) {
        AtomicLong now = new AtomicLong();
        TargetHealth health = new TargetHealth(new TargetHealth.Settings(1, Duration.ofSeconds(30), 0.3), now::get);
        List<RouteTarget> targets = new ArrayList<>();
        for (int i = 0; i < c.weights().size(); i++) {
            RouteTarget t = new RouteTarget("openai", "m" + i, c.weights().get(i), null);
            targets.add(t);
            if (c.open().get(i)) health.failure(t.key(), null);
            now.incrementAndGet(); // the earlier a breaker opened, the sooner it re-opens
        }
        RoutePreview preview = RoutePreview.of(new Route("w", Strategy.WEIGHTED, 0.1, targets), health, PriceTable.defaults(), n);

        boolean allOpen = c.open().stream().allMatch(o -> o);
        long healthyTotal = 0;
        for (int i = 0; i < targets.size(); i++) if (!c.open().get(i)) healthyTotal += c.weights().get(i);
        for (int i = 0; i < targets.size(); i++) {
            RoutePreview.Share share = preview.shares().get(i);
            if (c.open().get(i)) {
                assertThat(share.state()).isEqualTo(RoutePreview.State.OPEN);
                if (!allOpen) {
                    assertThat(share.count()).isZero();
                    assertThat(share.expectedShare()).isZero();
                }
            } else if (healthyTotal > 0) {
                double expected = c.weights().get(i) / (double) healthyTotal;
                assertThat(share.expectedShare()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
                assertThat(Math.abs(share.count() - n * expected)).as("target %d of %s, n=%d", i, c, n).isLessThan(1.0);
            }
        }
        if (!allOpen) {
            assertThat(preview.sequence()).allSatisfy(step -> {
                int index = Integer.parseInt(step.target().model().substring(1));
                assertThat(c.open().get(index)).as("served by an open target").isFalse();
                assertThat(step.order()).allSatisfy(t -> assertThat(c.open().get(Integer.parseInt(t.model().substring(1)))).isFalse());
            });
        } else {
            assertThat(preview.sequence()).allSatisfy(step -> assertThat(step.target()).hasToString("openai/m0")); // opened first, re-opens soonest
        }
        assertThat(preview.shares().stream().mapToInt(RoutePreview.Share::count).sum()).isEqualTo(n);
    }
}
