package dev.llmgateway.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.budget.Budgets;
import dev.llmgateway.core.store.Stores;
import dev.llmgateway.core.tenant.ApiKeys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The number and field checks of key, limit and rotation bodies: each bad value is a 400 whose
 * {@code param} names the field and whose code is the body's, and a good one is taken.
 */
class AdminKeyFieldsTest {
    private final Stores stores = Stores.inMemory(Clock.systemUTC());
    private final AdminApi admin = new AdminApi(stores, new ApiKeys(null), new Budgets(stores.usage(), Clock.systemUTC()), "k", () -> {});
    private String keyId;

    @BeforeEach
    void tenantWithAKey() {
        admin.createTenant(bytes("{\"id\":\"acme\"}"));
        keyId = admin.createKey("acme", bytes("{\"name\":\"ci\"}")).get("id").asText();
    }

    @Test
    void limitNumbersMustBeWholeFiniteAndInRange() {
        for (String value : new String[] {"-1", "1.5", "\"12\"", "1e999", "9223372036854775808", "1000000000001", "true"}) {
            assertRefused(() -> admin.createKey("acme", bytes("{\"limits\":{\"requests_per_minute\":" + value + "}}")),
                    "limits.requests_per_minute", "invalid_limits");
            assertRefused(() -> admin.updateKey("acme", keyId, bytes("{\"limits\":{\"tokens_per_minute\":" + value + "}}")),
                    "limits.tokens_per_minute", "invalid_limits");
        }
        assertRefused(() -> admin.createKey("acme", bytes("{\"limits\":{\"rpm\":1}}")), "limits.rpm", "invalid_limits");
        assertThat(admin.updateKey("acme", keyId, bytes("{\"limits\":{\"max_concurrent_requests\":1000000000000}}"))
                .at("/limits/max_concurrent_requests").asLong()).isEqualTo(1_000_000_000_000L);
    }

    @Test
    void keyBodiesNameTheUnknownOrBadField() {
        assertRefused(() -> admin.createKey("acme", bytes("{\"nmae\":\"x\"}")), "nmae", "invalid_key");
        assertRefused(() -> admin.updateKey("acme", keyId, bytes("{\"name\":7}")), "name", "invalid_key");
        assertRefused(() -> admin.createKey("acme", bytes("[]")), null, "invalid_key");
    }

    @Test
    void rotationOverlapIsWholeSecondsUpToNinetyDays() {
        for (String value : new String[] {"-1", "1.5", "\"600\"", "1e999", "7776001"}) {
            assertRefused(() -> admin.rotateKey("acme", keyId, bytes("{\"overlap_seconds\":" + value + "}")), "overlap_seconds", "invalid_key");
        }
        assertRefused(() -> admin.rotateKey("acme", keyId, bytes("{\"overlap\":60}")), "overlap", "invalid_key");
        assertThat(admin.rotateKey("acme", keyId, bytes("{\"overlap_seconds\":7776000}")).has("key")).isTrue();
    }

    @Test
    void teamBodiesNameTheBadFieldAndKeysMayNameOnlyATeamOfTheirTenant() {
        assertRefused(() -> admin.putTeam("acme", "search", bytes("{\"nmae\":\"x\"}")), "nmae", "invalid_team");
        assertRefused(() -> admin.putTeam("acme", "search", bytes("{\"limits\":{\"requests_per_minute\":-1}}")),
                "limits.requests_per_minute", "invalid_limits");
        assertRefused(() -> admin.putTeam("acme", "a/b", bytes("{}")), "id", "invalid_team");
        assertRefused(() -> admin.putTeam("acme", "search", bytes("{\"budget\":{\"tokens_per_day\":10,\"downgrade\":{\"a\":\"b\"}}}")),
                "budget.downgrade", "invalid_key");
        assertRefused(() -> admin.createKey("acme", bytes("{\"team_id\":\"search\"}")), "team_id", "invalid_key");
        assertRefused(() -> admin.createKey("acme", bytes("{\"team_id\":7}")), "team_id", "invalid_key");

        admin.putTeam("acme", "search", bytes("{\"name\":\"Search\",\"limits\":{\"requests_per_minute\":5},\"budget\":{\"tokens_per_day\":1000}}"));
        assertThat(admin.getTeam("acme", "search").at("/limits/requests_per_minute").asLong()).isEqualTo(5);
        assertThat(admin.updateKey("acme", keyId, bytes("{\"team_id\":\"search\"}")).get("team_id").asText()).isEqualTo("search");
        assertThat(admin.listTeams("acme").get("data")).hasSize(1);
        assertThatThrownBy(() -> admin.deleteTeam("acme", "search"))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(409));
        admin.updateKey("acme", keyId, bytes("{\"team_id\":null}"));
        assertThat(admin.deleteTeam("acme", "search").get("deleted").asBoolean()).isTrue();
    }

    private static void assertRefused(Runnable call, String param, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.param()).isEqualTo(param);
            assertThat(e.code()).isEqualTo(code);
        });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
