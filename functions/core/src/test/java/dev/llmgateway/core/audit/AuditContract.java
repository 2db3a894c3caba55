package dev.llmgateway.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.audit.Finding.Type;
import dev.llmgateway.core.json.Json;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One contract for every audit store: a clean log verifies, and each kind of tampering someone with
 * write access to the store could do is detected and names the record. Subclasses supply the store
 * and the two raw operations an attacker has: put any item, delete any item.
 */
abstract class AuditContract {
    static final AuditKey KEY = new AuditKey("test-audit-key-0123456789");
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    AuditStore store;

    abstract AuditStore newStore();

    abstract void delete(String pk, long sk);

    @BeforeEach
    void setUp() {
        store = newStore();
    }

    ChainWriter writer(String environment, int checkpointEvery) {
        return new ChainWriter(KEY, store, clock, new ChainWriter.Settings(environment, Duration.ofDays(30), checkpointEvery,
                Duration.ofHours(1)));
    }

    /** {@code n} request records of tenant {@code tenant} in a new chain; returns the chain id. */
    String chainOf(String environment, String tenant, int n, int checkpointEvery) {
        ChainWriter writer = writer(environment, checkpointEvery);
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofSeconds(1));
            writer.append(Records.REQUEST, request(tenant, "req-" + environment + "-" + i, i % 3 == 0 ? 429 : 200,
                    i % 2 == 0 ? "gpt-4o" : "claude-sonnet-4-5"));
        }
        return writer.chain();
    }

    static ObjectNode request(String tenant, String requestId, int status, String model) {
        return Json.object().put("tenant", tenant).put("request_id", requestId).put("status", status).put("model_requested", model);
    }

    Verification verify() {
        return new AuditVerifier(store, KEY, clock).verifyAll();
    }

    AuditItem item(String chain, long seq) {
        return store.partition(chain).stream().filter(i -> i.sk() == seq).findFirst().orElseThrow();
    }

    @Test
    void cleanLogOfSeveralChainsWithCheckpointsVerifies() {
        String a = chainOf("env-a", "acme", 30, 10);
        String b = chainOf("env-b", "globex", 7, 10);
        Verification result = verify();
        assertThat(result.findings()).isEmpty();
        assertThat(result.ok()).isTrue();
        assertThat(result.chains()).isEqualTo(2);
        assertThat(result.records()).isEqualTo(31 + 8); // each chain: genesis + its records
        assertThat(result.checkpoints()).isGreaterThanOrEqualTo(2);
        assertThat(item(a, 0).kind()).isEqualTo(Records.GENESIS);
        assertThat(Json.tree(item(b, 0).text()).path("data").path("environment").asText()).isEqualTo("env-b");
        assertThat(a).startsWith("env-a#");
    }

    @Test
    void modifiedFieldIsNamed() {
        String chain = chainOf("env-a", "acme", 10, 100);
        AuditItem original = item(chain, 4);
        store.write(List.of(original.withText(original.text().replace("\"model_requested\":\"", "\"model_requested\":\"x"))));
        assertThat(verify().findings()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(Type.MODIFIED);
            assertThat(f.chain()).isEqualTo(chain);
            assertThat(f.seq()).isEqualTo(4);
        });
    }

    @Test
    void modifiedIndexAttributeIsNamed() {
        String chain = chainOf("env-a", "acme", 10, 100);
        AuditItem o = item(chain, 6);
        store.write(List.of(new AuditItem(o.pk(), o.sk(), o.kind(), "other-tenant", o.time(), o.requestId(), o.status(),
                o.model(), o.expiresAt(), o.text(), o.mac())));
        assertThat(verify().findings()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(Type.MODIFIED);
            assertThat(f.seq()).isEqualTo(6);
            assertThat(f.message()).contains("tenant");
        });
    }

    @Test
    void deletedRecordIsNamed() {
        String chain = chainOf("env-a", "acme", 10, 100);
        delete(chain, 5);
        assertThat(verify().findings()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(Type.DELETED);
            assertThat(f.seq()).isEqualTo(5);
            assertThat(f.message()).contains("records 5 to 5");
        });
    }

    @Test
    void deletedGenesisIsNamed() {
        String chain = chainOf("env-a", "acme", 5, 100);
        delete(chain, 0);
        assertThat(verify().findings()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(Type.DELETED);
            assertThat(f.seq()).isZero();
        });
    }

    @Test
    void forgedRecordIsNamed() {
        String chain = chainOf("env-a", "acme", 10, 100);
        AuditItem head = item(chain, 10);
        String forged = Records.record(chain, 11, Records.REQUEST, clock.instant(), head.expiresAt(), head.mac(), head.expiresAt(),
                request("acme", "forged", 200, "gpt-4o"));
        store.write(List.of(AuditItem.of(forged, "00".repeat(32))));
        assertThat(verify().findings()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(Type.INSERTED);
            assertThat(f.seq()).isEqualTo(11);
        });
    }

    @Test
    void forgedRecordSignedWithAnotherKeyIsNamed() {
        String chain = chainOf("env-a", "acme", 3, 100);
        AuditItem head = item(chain, 3);
        String forged = Records.record(chain, 4, Records.REQUEST, clock.instant(), head.expiresAt(), head.mac(), head.expiresAt(),
                request("acme", "forged", 200, "gpt-4o"));
        store.write(List.of(AuditItem.of(forged, new AuditKey("a-different-key-0123456789").mac(forged))));
        assertThat(verify().findings()).extracting(Finding::type, Finding::seq).containsExactly(org.assertj.core.groups.Tuple.tuple(Type.INSERTED, 4L));
    }

    @Test
    void swappedRecordsAreBothNamed() {
        String chain = chainOf("env-a", "acme", 10, 100);
        AuditItem three = item(chain, 3);
        AuditItem four = item(chain, 4);
        store.write(List.of(
                new AuditItem(chain, 3, four.kind(), four.tenant(), four.time(), four.requestId(), four.status(), four.model(),
                        four.expiresAt(), four.text(), four.mac()),
                new AuditItem(chain, 4, three.kind(), three.tenant(), three.time(), three.requestId(), three.status(), three.model(),
                        three.expiresAt(), three.text(), three.mac())));
        assertThat(verify().findings()).extracting(Finding::type, Finding::seq)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(Type.REORDERED, 3L), org.assertj.core.groups.Tuple.tuple(Type.REORDERED, 4L));
    }

    @Test
    void truncatedTailIsNamedFromTheLastCheckpoint() {
        String chain = chainOf("env-a", "acme", 25, 10); // checkpoints vouch for heads 9 and 19 (the genesis counts)
        for (long seq = 15; seq <= 25; seq++) delete(chain, seq);
        assertThat(verify().findings()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(Type.TRUNCATED);
            assertThat(f.seq()).isEqualTo(15);
            assertThat(f.message()).contains("ends at record 14").contains("up to 19");
        });
    }

    @Test
    void recordReplayedFromAnotherChainIsNamed() {
        String a = chainOf("env-a", "acme", 5, 100);
        String b = chainOf("env-b", "acme", 5, 100);
        AuditItem fromA = item(a, 2);
        store.write(List.of(new AuditItem(b, 6, fromA.kind(), fromA.tenant(), fromA.time(), fromA.requestId(), fromA.status(),
                fromA.model(), fromA.expiresAt(), fromA.text(), fromA.mac())));
        assertThat(verify().findings()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(Type.REPLAYED);
            assertThat(f.chain()).isEqualTo(b);
            assertThat(f.seq()).isEqualTo(6);
            assertThat(f.message()).contains(a);
        });
    }

    @Test
    void recordsGoneByRetentionDoNotBreakVerification() {
        String chain = chainOf("env-a", "acme", 30, 10);
        clock.advance(Duration.ofDays(30).minusSeconds(18)); // now = start + 30 days + 12 s: records 0 to 12 have expired
        long now = clock.instant().getEpochSecond();
        for (AuditItem item : store.partition(chain)) if (item.expiresAt() <= now) delete(chain, item.sk());
        for (AuditItem item : store.partition(AuditItem.CHECKPOINT_PREFIX + chain)) {
            if (item.expiresAt() <= now) delete(item.pk(), item.sk());
        }
        Verification result = verify();
        assertThat(result.findings()).isEmpty();
        assertThat(result.expired()).isGreaterThan(5);
        // A deletion that retention does not explain is still found next to expired ones.
        delete(chain, 20);
        assertThat(verify().findings()).extracting(Finding::type, Finding::seq).containsExactly(org.assertj.core.groups.Tuple.tuple(Type.DELETED, 20L));
    }

    @Test
    void earlyDeletionOfUnexpiredPrefixIsNamed() {
        String chain = chainOf("env-a", "acme", 10, 100);
        for (long seq = 0; seq < 4; seq++) delete(chain, seq);
        assertThat(verify().findings()).singleElement().satisfies(f -> assertThat(f.type()).isEqualTo(Type.DELETED));
    }

    @Test
    void perTenantVerificationCoversTheTenantsChains() {
        String a = chainOf("env-a", "acme", 5, 100);
        String b = chainOf("env-b", "globex", 5, 100);
        delete(b, 3);
        assertThat(new AuditVerifier(store, KEY, clock).verifyTenant("acme").ok()).isTrue();
        Verification globex = new AuditVerifier(store, KEY, clock).verifyTenant("globex");
        assertThat(globex.chains()).isEqualTo(1);
        assertThat(globex.findings()).extracting(Finding::chain).containsExactly(b);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void queriesFilterAndPageWithoutLosingOrRepeatingRecords() {
        chainOf("env-a", "acme", 23, 5);
        chainOf("env-b", "globex", 4, 5);
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            AuditPage page = store.query(new AuditQuery("acme", null, null, null, null, null, null, 5, cursor));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(5).allMatch(i -> "acme".equals(i.tenant()));
            page.items().forEach(i -> assertThat(seen.add(i.pk() + "/" + i.sk())).isTrue());
            cursor = page.next();
            pages++;
        } while (cursor != null && pages < 20);
        assertThat(seen).hasSize(23);
        assertThat(all(new AuditQuery("acme", null, null, 429, null, null, null, 100, null))).hasSize(8).allMatch(i -> i.status() == 429);
        assertThat(all(new AuditQuery(null, null, null, null, "claude-sonnet-4-5", null, null, 100, null))).hasSize(11 + 2);
        assertThat(all(new AuditQuery(null, null, null, null, null, "req-env-b-2", null, 100, null)))
                .singleElement().satisfies(i -> assertThat(i.tenant()).isEqualTo("globex"));
        Instant from = Instant.parse("2026-12-01T10:00:05Z");
        Instant to = Instant.parse("2026-12-01T10:00:10Z");
        List<AuditItem> window = all(new AuditQuery("acme", from, to, null, null, null, null, 100, null));
        assertThat(window).extracting(AuditItem::requestId).containsExactlyInAnyOrder("req-env-a-4", "req-env-a-5", "req-env-a-6",
                "req-env-a-7", "req-env-a-8");
        assertThat(all(new AuditQuery(null, from, to, null, null, null, Records.REQUEST, 100, null))).hasSize(5);
    }

    @Test
    void exportWritesOneSignedRecordPerLine() throws Exception {
        chainOf("env-a", "acme", 12, 5);
        StringWriter out = new StringWriter();
        long lines = AuditLog.export(store, new AuditQuery("acme", null, null, null, null, null, null, 5, null), out);
        assertThat(lines).isEqualTo(12);
        List<String> rows = out.toString().lines().toList();
        assertThat(rows).hasSize(12);
        for (String row : rows) {
            ObjectNode line = (ObjectNode) Json.tree(row);
            String mac = line.remove("mac").asText();
            assertThat(line.path("data").path("tenant").asText()).isEqualTo("acme");
            assertThat(KEY.verifies(Json.string(line), mac)).as("the line minus its mac is the signed text").isTrue();
        }
    }

    List<AuditItem> all(AuditQuery query) {
        List<AuditItem> items = new ArrayList<>();
        AuditQuery q = query;
        while (true) {
            AuditPage page = store.query(q);
            items.addAll(page.items());
            if (page.next() == null) return items;
            q = new AuditQuery(query.tenant(), query.from(), query.to(), query.status(), query.model(), query.requestId(),
                    query.kind(), query.limit(), page.next());
        }
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
