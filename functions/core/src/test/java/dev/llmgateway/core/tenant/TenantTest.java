package dev.llmgateway.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tenant bodies as the admin API reads them, the in-memory store's key bookkeeping, and the key cache's edges. */
class TenantTest {
    private static void rejected(String body, String idFromPath, String param) {
        assertThatThrownBy(() -> Tenant.parse(Json.tree(body), idFromPath)).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("invalid_tenant");
            assertThat(e.param()).isEqualTo(param);
        });
    }

    @Test
    void aTenantTakesItsIdFromTheBodyOrThePathAndItsNameDefaultsToTheId() {
        assertThat(Tenant.parse(Json.tree("{\"id\":\"acme\",\"name\":\"Acme Inc.\"}"), null)).isEqualTo(new Tenant("acme", "Acme Inc.", null));
        assertThat(Tenant.parse(Json.tree("{\"name\":null}"), "acme")).isEqualTo(new Tenant("acme", "acme", null));
        assertThat(Tenant.parse(Json.tree("{\"id\":null}"), "acme").id()).isEqualTo("acme");
        assertThat(Tenant.parse(Json.tree("{\"id\":\"acme\"}"), "acme").id()).isEqualTo("acme");
        assertThat(Tenant.parse(Json.tree("{\"id\":\"a\",\"name\":\"" + "n".repeat(200) + "\"}"), null).name()).hasSize(200);
        assertThat(Tenant.parse(Json.tree("{\"id\":\"a\",\"budget\":{\"tokens_per_day\":5}}"), null).budget()).isNotNull();
        assertThat(Tenant.parse(Json.tree("{\"id\":\"a\",\"budget\":null}"), null).budget()).isNull();
    }

    @Test
    void badTenantBodiesAre400NamingTheField() {
        rejected("[]", "acme", null);
        rejected("{\"id\":\"acme\",\"owner\":\"x\"}", null, "owner");
        rejected("{}", null, "id");
        rejected("{\"id\":7}", null, "id");
        rejected("{\"id\":\"Acme\"}", null, "id");
        rejected("{\"id\":\"other\"}", "acme", "id");
        rejected("{\"id\":\"a\",\"name\":5}", null, "name");
        rejected("{\"id\":\"a\",\"name\":\"" + "n".repeat(201) + "\"}", null, "name");
        assertThatThrownBy(() -> Tenant.parse(null, "acme")).isInstanceOf(GatewayError.class);
    }

    @ParameterizedTest
    @CsvSource({"a, true", "0-team_b, true", "-a, false", "_a, false", "A, false", "a.b, false", "'', false"})
    void tenantIds(String id, boolean valid) {
        assertThat(Tenant.validId(id)).isEqualTo(valid);
        assertThat(Tenant.validId("a".repeat(63))).isTrue();
        assertThat(Tenant.validId("a".repeat(64))).isFalse();
        assertThat(Tenant.validId(null)).isFalse();
    }

    @Test
    void theStoreListsKeysPerTenantAndDeletingSaysWhetherThereWasOne() {
        InMemoryTenantStore store = new InMemoryTenantStore();
        store.putTenant(new Tenant("b", "b", null));
        store.putTenant(new Tenant("a", "a", null));
        store.putKey(new ApiKey("h2", "a", null, "sk-gw-2", Instant.ofEpochSecond(2)));
        store.putKey(new ApiKey("h1", "a", null, "sk-gw-1", Instant.ofEpochSecond(1)));
        store.putKey(new ApiKey("h3", "b", null, "sk-gw-3", Instant.ofEpochSecond(0)));
        assertThat(store.tenants()).extracting(Tenant::id).containsExactly("a", "b");
        assertThat(store.keys("a")).extracting(ApiKey::hash).containsExactly("h1", "h2");
        assertThat(store.deleteKey("h1")).isTrue();
        assertThat(store.deleteKey("h1")).isFalse();
        assertThat(store.deleteTenant("a")).isTrue();
        assertThat(store.keyByHash("h2")).as("a deleted tenant's keys go with it").isEmpty();
        assertThat(store.keyByHash("h3")).isPresent();
        assertThat(store.deleteTenant("a")).isFalse();
    }

    @Test
    void theKeyCacheExpiresExactlyAtItsTtlAndInvalidateForgetsAtOnce() {
        InMemoryTenantStore store = new InMemoryTenantStore();
        ApiKeys keys = new ApiKeys(null);
        store.putTenant(new Tenant("acme", "acme", null));
        store.putKey(new ApiKey(keys.hash("sk-gw-k"), "acme", null, "sk-gw-k", Instant.EPOCH));
        long[] now = {1_000};
        Authenticator auth = new Authenticator(Authenticator.Mode.KEYS, store, keys, Duration.ofNanos(100), () -> now[0]);
        assertThat(auth.mode()).isEqualTo(Authenticator.Mode.KEYS);
        assertThat(auth.authenticate("bearer   sk-gw-k  ").id()).as("scheme is case-insensitive, spaces trimmed").isEqualTo("acme");
        store.deleteKey(keys.hash("sk-gw-k"));
        now[0] += 99;
        assertThat(auth.authenticate("Bearer sk-gw-k").id()).as("still cached 1 ns before the TTL").isEqualTo("acme");
        now[0] += 1;
        assertThatThrownBy(() -> auth.authenticate("Bearer sk-gw-k")).as("reloaded at the TTL").isInstanceOf(GatewayError.class);

        store.putKey(new ApiKey(keys.hash("sk-gw-k"), "acme", null, "sk-gw-k", Instant.EPOCH));
        now[0] += 100;
        auth.authenticate("Bearer sk-gw-k");
        store.deleteKey(keys.hash("sk-gw-k"));
        auth.invalidate();
        assertThatThrownBy(() -> auth.authenticate("Bearer sk-gw-k")).isInstanceOf(GatewayError.class);
    }

    @Test
    void anEmptyBearerIsAMissingKeyAndOpenModeUsesTheStoredDefaultTenant() {
        InMemoryTenantStore store = new InMemoryTenantStore();
        ApiKeys keys = new ApiKeys(null);
        Authenticator strict = new Authenticator(Authenticator.Mode.KEYS, store, keys, Duration.ofSeconds(1), () -> 0);
        assertThatThrownBy(() -> strict.authenticate("   ")).isInstanceOfSatisfying(GatewayError.class,
                e -> assertThat(e.getMessage()).contains("didn't provide an API key"));
        assertThatThrownBy(() -> strict.authenticate("sk-gw-nobearer")).isInstanceOfSatisfying(GatewayError.class,
                e -> assertThat(e.getMessage()).contains("Incorrect API key"));
        store.putTenant(new Tenant(Tenant.DEFAULT_ID, "Everyone", null));
        Authenticator open = new Authenticator(Authenticator.Mode.OPEN, store, keys, Duration.ofSeconds(1), () -> 0);
        assertThat(open.authenticate("Bearer whatever").name()).isEqualTo("Everyone");
    }
}
