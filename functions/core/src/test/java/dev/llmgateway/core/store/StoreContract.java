package dev.llmgateway.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.budget.Budget;
import dev.llmgateway.core.budget.Budgets;
import dev.llmgateway.core.budget.Caps;
import dev.llmgateway.core.budget.Period;
import dev.llmgateway.core.budget.Reservation;
import dev.llmgateway.core.budget.Totals;
import dev.llmgateway.core.budget.UsageStore;
import dev.llmgateway.core.guardrail.Policy;
import dev.llmgateway.core.guardrail.PolicyStore;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.ledger.LedgerCounts;
import dev.llmgateway.core.ledger.LedgerLine;
import dev.llmgateway.core.limit.Counters;
import dev.llmgateway.core.limit.Limit;
import dev.llmgateway.core.limit.LimitStore;
import dev.llmgateway.core.limit.Limits;
import dev.llmgateway.core.plan.Plan;
import dev.llmgateway.core.plan.Planner;
import dev.llmgateway.core.routing.Route;
import dev.llmgateway.core.routing.RouteStore;
import dev.llmgateway.core.tenant.ApiKey;
import dev.llmgateway.core.tenant.KeyPolicy;
import dev.llmgateway.core.tenant.Team;
import dev.llmgateway.core.tenant.Tenant;
import dev.llmgateway.core.tenant.TenantStore;
import dev.llmgateway.core.testing.Planners;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every store implementation must have, run against each of them (memory and
 * DynamoDB on dynalite), so that neither is the only test of a behaviour.
 */
abstract class StoreContract {
    static final long FAR_FUTURE = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond();
    static final int THREADS = 64;

    Stores stores;

    abstract Stores newStores();

    @BeforeEach
    void fresh() {
        stores = newStores();
    }

    // ---- usage counters ----

    @Test
    void reserveAddsAndReturnsTheTotalsAfter() {
        UsageStore usage = stores.usage();
        assertThat(usage.reserve("a", new Totals(10, 5, 0), new Caps(100L, 100L), FAR_FUTURE)).contains(new Totals(10, 5, 0));
        assertThat(usage.reserve("a", new Totals(20, 5, 0), new Caps(100L, 100L), FAR_FUTURE)).contains(new Totals(30, 10, 0));
        assertThat(usage.get("a")).isEqualTo(new Totals(30, 10, 0));
    }

    @Test
    void reserveUpToTheCapExactlySucceedsAndOneMoreTokenIsRefusedWithoutChange() {
        UsageStore usage = stores.usage();
        assertThat(usage.reserve("a", new Totals(60, 0, 0), new Caps(100L, null), FAR_FUTURE)).isPresent();
        assertThat(usage.reserve("a", new Totals(40, 0, 0), new Caps(100L, null), FAR_FUTURE)).contains(new Totals(100, 0, 0));
        assertThat(usage.reserve("a", new Totals(1, 0, 0), new Caps(100L, null), FAR_FUTURE)).isEmpty();
        assertThat(usage.get("a")).isEqualTo(new Totals(100, 0, 0));
    }

    @Test
    void usdCapIsCheckedIndependentlyOfTokens() {
        UsageStore usage = stores.usage();
        assertThat(usage.reserve("a", new Totals(1, 900, 0), new Caps(1000L, 1000L), FAR_FUTURE)).isPresent();
        assertThat(usage.reserve("a", new Totals(1, 101, 0), new Caps(1000L, 1000L), FAR_FUTURE)).isEmpty();
        assertThat(usage.reserve("a", new Totals(1, 100, 0), new Caps(1000L, 1000L), FAR_FUTURE)).contains(new Totals(2, 1000, 0));
    }

    @Test
    void anAmountAboveTheCapIsRefusedEvenForANewItem() {
        assertThat(stores.usage().reserve("new", new Totals(101, 0, 0), new Caps(100L, null), FAR_FUTURE)).isEmpty();
        assertThat(stores.usage().get("new")).isEqualTo(Totals.ZERO);
    }

    @Test
    void withoutCapsAReservationIsUnconditionalAndAddTakesNegativeDeltas() {
        UsageStore usage = stores.usage();
        assertThat(usage.reserve("a", new Totals(1_000_000, 7, 0), Caps.NONE, FAR_FUTURE)).isPresent();
        assertThat(usage.add("a", new Totals(-999_990, -2, 1), FAR_FUTURE)).isEqualTo(new Totals(10, 5, 1));
    }

    @Test
    void anExpiredItemCountsAsZero() {
        long past = Instant.now().getEpochSecond() - 60;
        stores.usage().add("old", new Totals(5, 5, 1), past);
        assertThat(stores.usage().get("old")).isEqualTo(Totals.ZERO);
    }

    @Test
    void parallelReservationsNeverCrossTheCap() throws Exception {
        UsageStore usage = stores.usage();
        long cap = 100;
        List<Boolean> results = parallel(THREADS, i -> usage.reserve("hot", new Totals(7, 0, 0), new Caps(cap, null), FAR_FUTURE).isPresent());
        long granted = results.stream().filter(b -> b).count();
        assertThat(granted).isEqualTo(cap / 7);
        assertThat(usage.get("hot").tokens()).isEqualTo(granted * 7).isLessThanOrEqualTo(cap);
    }

    // ---- the usage ledger ----

    private static LedgerLine line(String tenant, String day, String key, String provider, String model, LedgerCounts counts) {
        return new LedgerLine(tenant, LocalDate.parse(day), key, provider, model, counts);
    }

    /** A request with every bucket set to a different number, so a field mixed up with another shows. */
    private static final LedgerCounts SETTLED = LedgerCounts.settled(3100, 368, Usage.builder().input(500).cacheRead(1500)
            .cacheWrite5m(700).cacheWrite1h(90).output(300).reasoning(100).audioInput(40).imageInput(20).audioOutput(8).build(), false);

    @Test
    void ledgerLinesAddUpPerTenantDayKeyProviderAndModelAndAreReadByTenantAndDays() {
        var ledger = stores.ledger();
        ledger.add(line("acme", "2026-11-30", "k1", "openai", "gpt-4o-mini", SETTLED));
        ledger.add(line("acme", "2026-11-30", "k1", "openai", "gpt-4o-mini", SETTLED));
        ledger.add(line("acme", "2026-11-30", "k2", "openai", "gpt-4o-mini", SETTLED));
        ledger.add(line("acme", "2026-11-30", "k1", "azure", "gpt-4o-mini", SETTLED));
        ledger.add(line("acme", "2026-12-01", "k1", "openai", "gpt-4o-mini", LedgerCounts.settled(20, 7, null, true)));
        ledger.add(line("acme", "2026-12-02", "k1", "openai", "gpt-4o-mini", SETTLED)); // after the range read below
        ledger.add(line("other", "2026-11-30", "k1", "openai", "gpt-4o-mini", SETTLED));

        List<LedgerLine> lines = ledger.lines("acme", LocalDate.parse("2026-11-30"), LocalDate.parse("2026-12-01"));
        assertThat(lines).hasSize(4);
        assertThat(lines).filteredOn(l -> l.day().toString().equals("2026-11-30") && "k1".equals(l.key()) && l.provider().equals("openai"))
                .singleElement().satisfies(l -> {
                    assertThat(l.tenant()).isEqualTo("acme");
                    assertThat(l.model()).isEqualTo("gpt-4o-mini");
                    assertThat(l.counts()).isEqualTo(SETTLED.plus(SETTLED));
                    assertThat(l.counts().fields()).containsEntry("requests", 2L).containsEntry("usd_micros", 736L)
                            .containsEntry("cache_write_1h_tokens", 180L).containsEntry("audio_output_tokens", 16L);
                });
        assertThat(lines).filteredOn(l -> l.day().toString().equals("2026-12-01")).singleElement()
                .satisfies(l -> assertThat(l.counts()).isEqualTo(new LedgerCounts(1, 1, 1, 20, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
        assertThat(ledger.lines("acme", LocalDate.parse("2026-12-02"), LocalDate.parse("2026-12-02"))).hasSize(1);
        assertThat(ledger.lines("nobody", LocalDate.parse("2026-11-30"), LocalDate.parse("2026-12-02"))).isEmpty();
    }

    @Test
    void aLedgerLineKeepsAnyModelNameAndARequestWithoutAKeyIsItsOwnLine() {
        var ledger = stores.ledger();
        String model = "org/model#with,\"quotes\"\n and ünïcode " + "x".repeat(2000); // longer than a key may be
        ledger.add(line("acme", "2026-11-30", null, "ollama", model, SETTLED));
        ledger.add(line("acme", "2026-11-30", "k1", "ollama", model, SETTLED));
        ledger.add(line("acme", "2026-11-30", null, "ollama", model, SETTLED));
        List<LedgerLine> lines = ledger.lines("acme", LocalDate.parse("2026-11-30"), LocalDate.parse("2026-11-30"));
        assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(l.model()).isEqualTo(model));
        assertThat(lines).filteredOn(l -> l.key() == null).singleElement()
                .satisfies(l -> assertThat(l.counts().requests()).isEqualTo(2));
    }

    @Test
    void parallelSettlementsOfOneLineLoseNoCount() throws Exception {
        var ledger = stores.ledger();
        parallel(THREADS, i -> {
            ledger.add(line("acme", "2026-11-30", "k1", "openai", "gpt-4o", SETTLED));
            return null;
        });
        assertThat(ledger.lines("acme", LocalDate.parse("2026-11-30"), LocalDate.parse("2026-11-30"))).singleElement()
                .satisfies(l -> assertThat(l.counts()).isEqualTo(LedgerCounts.read(name -> SETTLED.fields().get(name) * THREADS)));
    }

    @Test
    void aSettledPlanIsRecordedOnceInTheLedgerWithTheChargeTheBudgetHolds() {
        Budgets budgets = new Budgets(stores.usage(), Clock.systemUTC());
        Planner planner = Planners.openAi(budgets, dev.llmgateway.core.api.UsageCheck.DEFAULT, null, stores.ledger());
        Tenant tenant = new Tenant("ledgered", "Ledgered", new Budget(null, null, new BigDecimal("10"), null, 80, Map.of()));
        ApiKey key = new ApiKey("hash-1", "ledgered", "k", "sk-gw-1", Instant.now());
        Usage usage = Usage.builder().input(500).cacheRead(1500).output(300).reasoning(100).build();
        Plan.Charge charge;
        try (Plan plan = planner.plan(new dev.llmgateway.core.tenant.Caller(tenant, key), Planners.request("gpt-4o-mini", 400))) {
            charge = plan.settle(plan.routing().candidates().getFirst(), usage);
            plan.settle(plan.routing().candidates().getFirst(), usage); // a second settle changes nothing
        }
        try (Plan unserved = planner.plan(new dev.llmgateway.core.tenant.Caller(tenant, key), Planners.request("gpt-4o-mini", 400))) {
            assertThat(unserved.serving()).isNull(); // never served (every candidate failed): released, not recorded
        }
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        assertThat(stores.ledger().lines("ledgered", today.minusDays(1), today)).singleElement().satisfies(l -> {
            assertThat(l.key()).isEqualTo("hash-1");
            assertThat(l.provider()).isEqualTo("openai");
            assertThat(l.model()).isEqualTo("gpt-4o-mini");
            assertThat(l.counts()).isEqualTo(LedgerCounts.settled(charge.tokens(), charge.usdMicros(), usage, false));
            assertThat(l.counts().usdMicros()).isEqualTo(368).isEqualTo(budgets.usage("ledgered", Period.DAY).usdMicros());
            assertThat(l.counts().tokens()).isEqualTo(budgets.usage("ledgered", Period.DAY).tokens());
            assertThat(l.counts().requests()).isEqualTo(budgets.usage("ledgered", Period.DAY).requests()).isEqualTo(1);
        });
    }

    // ---- budgets end to end on the store: the race litellm hit, with settlement ----

    @Test
    void sixtyFourParallelRequestsOnANearlyExhaustedBudgetNeverOverspendAndRecordExactlyWhatWasServed() throws Exception {
        long cap = 50_000;
        Tenant tenant = new Tenant("acme", "Acme", new Budget(cap, null, null, null, 80, Map.of()));
        Budgets budgets = new Budgets(stores.usage(), Clock.systemUTC());
        // Nearly exhausted: 40,000 of 50,000 already used, so only a few of the 64 requests can fit.
        stores.usage().add(Period.DAY.key("acme", Instant.now()), new Totals(40_000, 0, 0), FAR_FUTURE);
        AtomicLong served = new AtomicLong();
        AtomicLong maxSeen = new AtomicLong();
        List<Boolean> results = parallel(THREADS, i -> {
            long estimate = 1_000 + i * 17;
            if (!(budgets.reserve(tenant.id(), tenant.budget(), new Totals(estimate, 0, 0)) instanceof Budgets.Outcome.Reserved r)) return false;
            try (Reservation reservation = r.reservation()) {
                maxSeen.accumulateAndGet(budgets.usage("acme", Period.DAY).tokens(), Math::max);
                if (i % 9 == 0) return false; // the upstream failed: released by close()
                long used = ThreadLocalRandom.current().nextLong(1, estimate + 1); // real usage never above the estimate
                reservation.settle(used, 0);
                served.addAndGet(used);
                return true;
            }
        });
        Totals day = budgets.usage("acme", Period.DAY);
        assertThat(day.tokens()).as("recorded usage is the prior usage plus exactly what was served").isEqualTo(40_000 + served.get());
        assertThat(day.tokens()).isLessThanOrEqualTo(cap);
        assertThat(maxSeen.get()).as("not even in-flight reservations ever crossed the cap").isLessThanOrEqualTo(cap);
        assertThat(day.requests()).isEqualTo(results.stream().filter(b -> b).count());
        assertThat(results).contains(true);
    }

    // ---- finding 1: an upstream that reports negative usage must not credit the budget ----

    @Test
    void negativeUpstreamUsageNeverCreditsTheBudgetAndTheCapStillHolds() throws Exception {
        long cap = 1_000;
        Tenant tenant = new Tenant("neg", "Neg", new Budget(null, null, null, null, 80, Map.of()));
        Budgets budgets = new Budgets(stores.usage(), Clock.systemUTC());
        Planner planner = Planners.openAi(budgets);
        long estimate = 0;
        for (int i = 0; i < 50; i++) {
            try (Plan plan = planner.plan(tenant, Planners.request("gpt-4o-mini", 10))) {
                estimate = plan.estimate().tokens();
                plan.settle(plan.routing().candidates().getFirst(), Usage.of(-1_000_000, -5));
            }
        }
        assertThat(budgets.usage("neg", Period.DAY).tokens()).as("50 requests charged their reservation, not -50,000,250")
                .isEqualTo(50 * estimate);

        Tenant capped = new Tenant("neg", "Neg", new Budget(cap + 50 * estimate, null, null, null, 80, Map.of()));
        List<Boolean> served = parallel(200, i -> {
            try (Plan plan = planner.plan(capped, Planners.request("gpt-4o-mini", 10))) {
                plan.settle(plan.routing().candidates().getFirst(), Usage.of(-1_000_000, -5));
                return true;
            } catch (GatewayError e) {
                return false;
            }
        });
        long ok = served.stream().filter(b -> b).count();
        assertThat(ok).as("only what fits in 1,000 more tokens is served").isEqualTo(cap / estimate);
        assertThat(budgets.usage("neg", Period.DAY).tokens()).isLessThanOrEqualTo(cap + 50 * estimate);
    }

    @Test
    void aGiveBackThatTheCounterDoesNotCoverNeverTakesItBelowZero() {
        UsageStore usage = stores.usage();
        usage.add("a", new Totals(10, 10, 1), FAR_FUTURE);
        assertThat(usage.add("a", new Totals(-11, -4, 1), FAR_FUTURE)).as("the negative parts are dropped, the rest applied")
                .isEqualTo(new Totals(10, 10, 2));
        assertThat(usage.add("fresh", new Totals(-5, -5, 0), FAR_FUTURE)).isEqualTo(Totals.ZERO);
        assertThat(usage.add("a", new Totals(-10, -10, 0), FAR_FUTURE)).as("a covered give-back is applied").isEqualTo(new Totals(0, 0, 2));
    }

    @Test
    void aFullMonthGivesTheDayReservationBack() {
        Tenant tenant = new Tenant("t", "t", new Budget(1_000L, 500L, null, null, 80, Map.of()));
        Budgets budgets = new Budgets(stores.usage(), Clock.systemUTC());
        assertThat(budgets.reserve(tenant.id(), tenant.budget(), new Totals(400, 0, 0))).isInstanceOf(Budgets.Outcome.Reserved.class);
        assertThat(budgets.reserve(tenant.id(), tenant.budget(), new Totals(200, 0, 0))).isInstanceOfSatisfying(Budgets.Outcome.Exceeded.class,
                e -> assertThat(e.period()).isEqualTo(Period.MONTH));
        assertThat(budgets.usage("t", Period.DAY).tokens()).isEqualTo(400);
    }

    // ---- rate-limit counters ----

    static final long MINUTE = 29_000_000; // an epoch minute (2025-02-20)

    @Test
    void twoHundredParallelAdmissionsAgainstFiftyPerMinuteAdmitExactlyFifty() throws Exception {
        LimitStore limits = stores.limits();
        Limits fifty = new Limits(50L, null, null);
        List<LimitStore.Admission> results = parallel(200, i -> limits.admit("tenant:hot", MINUTE, fifty, 10, FAR_FUTURE));
        assertThat(results).filteredOn(a -> a instanceof LimitStore.Admission.Admitted).hasSize(50);
        assertThat(results).filteredOn(a -> a instanceof LimitStore.Admission.Refused).hasSize(150)
                .allSatisfy(a -> assertThat(((LimitStore.Admission.Refused) a).limit()).isEqualTo(Limit.REQUESTS));
        assertThat(limits.get("tenant:hot")).isEqualTo(new Counters(MINUTE, 50, 500, 0));
    }

    @Test
    void aNewMinuteStartsFromZeroButKeepsTheRequestsInFlight() {
        LimitStore limits = stores.limits();
        Limits l = new Limits(2L, 100L, 3L);
        assertThat(limits.admit("s", MINUTE, l, 60, FAR_FUTURE)).isEqualTo(new LimitStore.Admission.Admitted(new Counters(MINUTE, 1, 60, 1)));
        assertThat(limits.admit("s", MINUTE, l, 41, FAR_FUTURE)).as("60 + 41 tokens cross 100")
                .isEqualTo(new LimitStore.Admission.Refused(Limit.TOKENS, new Counters(MINUTE, 1, 60, 1)));
        assertThat(limits.admit("s", MINUTE, l, 40, FAR_FUTURE)).isInstanceOf(LimitStore.Admission.Admitted.class);
        assertThat(limits.admit("s", MINUTE, l, 0, FAR_FUTURE)).isEqualTo(new LimitStore.Admission.Refused(Limit.REQUESTS, new Counters(MINUTE, 2, 100, 2)));
        assertThat(limits.admit("s", MINUTE + 1, l, 70, FAR_FUTURE)).isEqualTo(new LimitStore.Admission.Admitted(new Counters(MINUTE + 1, 1, 70, 3)));
        assertThat(limits.admit("s", MINUTE + 1, l, 1, FAR_FUTURE)).as("three in flight")
                .isEqualTo(new LimitStore.Admission.Refused(Limit.CONCURRENT, new Counters(MINUTE + 1, 1, 70, 3)));
    }

    @Test
    void adjustSettlesTokensOnlyInItsOwnMinuteAndAlwaysFreesTheSlot() {
        LimitStore limits = stores.limits();
        Limits l = new Limits(null, 1000L, 1L);
        limits.admit("s", MINUTE, l, 100, FAR_FUTURE);
        limits.adjust("s", MINUTE, 0, -30, -1, FAR_FUTURE);
        assertThat(limits.get("s")).isEqualTo(new Counters(MINUTE, 1, 70, 0));
        limits.admit("s", MINUTE + 1, l, 100, FAR_FUTURE);
        limits.adjust("s", MINUTE, 0, 500, 0, FAR_FUTURE); // a late settlement of the previous minute
        limits.adjust("s", MINUTE, -1, -100, -1, FAR_FUTURE);
        assertThat(limits.get("s")).as("the old minute's deltas are dropped, the slot is freed").isEqualTo(new Counters(MINUTE + 1, 1, 100, 0));
    }

    @Test
    void parallelAdmissionsNeverHoldMoreSlotsThanTheLimit() throws Exception {
        LimitStore limits = stores.limits();
        Limits five = new Limits(null, null, 5L);
        List<LimitStore.Admission> results = parallel(40, i -> limits.admit("c", MINUTE, five, 0, FAR_FUTURE));
        assertThat(results).filteredOn(a -> a instanceof LimitStore.Admission.Admitted).hasSize(5);
        assertThat(limits.get("c").inflight()).isEqualTo(5);
    }

    @Test
    void parallelAdmissionsAcrossAMinuteBoundaryCountEachMinuteExactly() throws Exception {
        LimitStore limits = stores.limits();
        Limits ten = new Limits(10L, null, null);
        List<LimitStore.Admission> results = parallel(60, i -> limits.admit("b", MINUTE + (i % 2), ten, 1, FAR_FUTURE));
        long admitted = results.stream().filter(a -> a instanceof LimitStore.Admission.Admitted).count();
        // Admissions into the older minute after the newer one started are refused (its item moved on), so at most 20.
        assertThat(admitted).isBetween(10L, 20L);
        assertThat(limits.get("b")).isEqualTo(new Counters(MINUTE + 1, 10, 10, 0));
    }

    // ---- routes ----

    @Test
    void routesAreStoredReplacedListedAndDeleted() {
        RouteStore routes = stores.routes();
        Route first = route("chat-default", "round-robin");
        routes.put(first);
        routes.put(route("alpha", "weighted"));
        assertThat(routes.get("chat-default")).contains(first);
        Route changed = route("chat-default", "cost-aware");
        routes.put(changed);
        assertThat(routes.get("chat-default")).contains(changed);
        assertThat(routes.list()).extracting(Route::model).containsExactly("alpha", "chat-default");
        assertThat(routes.delete("alpha")).isTrue();
        assertThat(routes.delete("alpha")).isFalse();
        assertThat(routes.get("alpha")).isEmpty();
    }

    static Route route(String model, String strategy) {
        return Route.parse(Json.tree("""
                {"model":"%s","strategy":"%s","cost_tolerance":0.2,"targets":[
                  {"provider":"openai","model":"gpt-4o-mini","weight":3,"price":{"input":0.15,"output":0.6,"cached_input":0.075}},
                  {"provider":"ollama","model":"llama3.2","weight":1}]}""".formatted(model, strategy)));
    }

    // ---- tenants and keys ----

    @Test
    void tenantsKeepTheirBudgetsAndKeysAreFoundByHashOnly() {
        TenantStore tenants = stores.tenants();
        Budget budget = new Budget(1000L, 20_000L, new BigDecimal("1.50"), new BigDecimal("30"), 75, Map.of("gpt-4o", "gpt-4o-mini"));
        tenants.putTenant(new Tenant("acme", "Acme Inc", budget));
        tenants.putTenant(new Tenant("beta", "Beta", null));
        Tenant acme = tenants.tenant("acme").orElseThrow();
        assertThat(acme.budget().caps(Period.DAY)).isEqualTo(new Caps(1000L, 1_500_000L));
        assertThat(acme.budget().caps(Period.MONTH)).isEqualTo(new Caps(20_000L, 30_000_000L));
        assertThat(acme.budget().downgrade()).containsEntry("gpt-4o", "gpt-4o-mini");
        assertThat(acme.budget().softThresholdPercent()).isEqualTo(75);
        assertThat(tenants.tenants()).extracting(Tenant::id).containsExactly("acme", "beta");

        Instant now = Instant.parse("2025-11-25T10:00:00Z");
        tenants.putKey(new ApiKey("aa11", "acme", "ci", "sk-gw-abcd", now));
        tenants.putKey(new ApiKey("bb22", "acme", null, "sk-gw-efgh", now.plusSeconds(1)));
        tenants.putKey(new ApiKey("cc33", "beta", "x", "sk-gw-ijkl", now));
        assertThat(tenants.keyByHash("aa11")).contains(new ApiKey("aa11", "acme", "ci", "sk-gw-abcd", now));
        assertThat(tenants.keys("acme")).extracting(ApiKey::hash).containsExactly("aa11", "bb22");
        assertThat(tenants.deleteKey("bb22")).isTrue();
        assertThat(tenants.keyByHash("bb22")).isEmpty();
        assertThat(tenants.deleteTenant("acme")).isTrue();
        assertThat(tenants.keyByHash("aa11")).as("a deleted tenant's keys go with it").isEmpty();
        assertThat(tenants.keyByHash("cc33")).isPresent();
    }

    @Test
    void teamsKeepTheirBudgetsAndLimitsPerTenantAndGoWithTheirTenant() {
        TenantStore tenants = stores.tenants();
        tenants.putTenant(new Tenant("acme", "Acme Inc", null));
        tenants.putTenant(new Tenant("beta", "Beta", null));
        Budget caps = new Budget(500L, null, null, new BigDecimal("5"), 80, Map.of());
        Limits limits = new Limits(10L, 2000L, 3L);
        Team search = new Team("acme", "search", "Search", caps, limits);
        tenants.putTeam(search);
        tenants.putTeam(new Team("acme", "ads", null, null, null));
        tenants.putTeam(new Team("beta", "search", "Beta search", null, null));
        assertThat(tenants.team("acme", "search")).contains(search);
        assertThat(tenants.team("acme", "nope")).isEmpty();
        assertThat(tenants.teams("acme")).extracting(Team::id).containsExactly("ads", "search");
        assertThat(tenants.team("beta", "search").orElseThrow().name()).isEqualTo("Beta search");

        Instant now = Instant.parse("2025-11-25T10:00:00Z");
        KeyPolicy inTeam = KeyPolicy.NONE.withTeam("search");
        tenants.putKey(new ApiKey("aa11", "acme", "ci", "sk-gw-abcd", now, inTeam));
        assertThat(tenants.keyByHash("aa11").orElseThrow().policy().teamId()).isEqualTo("search");
        assertThat(tenants.deleteTeam("acme", "ads")).isTrue();
        assertThat(tenants.deleteTeam("acme", "ads")).isFalse();
        assertThat(tenants.deleteTenant("acme")).isTrue();
        assertThat(tenants.teams("acme")).as("a deleted tenant's teams go with it").isEmpty();
        assertThat(tenants.team("beta", "search")).isPresent();
    }

    // ---- guardrail policies ----

    @Test
    void policiesRoundTripAreListedByIdAndDeletedAndLeaveTheTenantsAlone() {
        PolicyStore policies = stores.guardrails();
        stores.tenants().putTenant(new Tenant("acme", "Acme", null));
        Policy pii = Policy.parse(Json.tree("""
                {"id":"pii","description":"d","applies_to":{"tenants":["acme"],"keys":["k1"]},"detectors":{"pii":"restore","iban":"block"},
                 "custom":[{"name":"code","regex":"PRJ-[0-9]{4}","max_length":8,"action":"redact"},{"name":"words","words":["bluebird"],"action":"log"}],
                 "prompt_injection":"block","allowed_models":["gpt-*"],"max_input_tokens":5000,"outbound":false}"""), null);
        Policy all = Policy.parse(Json.tree("{\"id\":\"a-global\",\"applies_to\":{\"global\":true},\"detectors\":{\"secrets\":\"block\"}}"), null);
        policies.put(pii);
        policies.put(all);
        assertThat(policies.list()).extracting(Policy::id).containsExactly("a-global", "pii");
        assertThat(policies.get("pii")).hasValueSatisfying(p -> assertThat(p.toTree()).isEqualTo(pii.toTree()));
        assertThat(stores.tenants().tenants()).extracting(Tenant::id).containsExactly("acme");

        policies.put(Policy.parse(Json.tree("{\"id\":\"pii\",\"applies_to\":{\"global\":true}}"), null));
        assertThat(policies.get("pii").orElseThrow().scope().global()).isTrue();
        assertThat(policies.delete("pii")).isTrue();
        assertThat(policies.delete("pii")).isFalse();
        assertThat(policies.get("pii")).isEmpty();
        assertThat(policies.list()).extracting(Policy::id).containsExactly("a-global");
    }

    // ---- helpers ----

    interface Job<T> {
        T run(int index) throws Exception;
    }

    /** Runs {@code n} jobs on {@code n} threads released at the same instant. */
    static <T> List<T> parallel(int n, Job<T> job) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<T> task = () -> {
                    start.await();
                    return job.run(index);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) results.add(f.get());
            return results;
        }
    }
}
