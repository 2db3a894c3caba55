package dev.llmgateway.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.GatewayError;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
    private final InMemoryTenantStore store = new InMemoryTenantStore();
    private final ApiKeys keys = new ApiKeys(null);
    private final long[] now = {0};

    private String issue(String tenant) {
        store.putTenant(new Tenant(tenant, tenant, null));
        String key = keys.generate();
        store.putKey(new ApiKey(keys.hash(key), tenant, null, ApiKeys.displayPrefix(key), Instant.EPOCH));
        return key;
    }

    @Test
    void keysModeMapsAKnownKeyToItsTenantAndRejectsOthersWith401() {
        String key = issue("acme");
        Authenticator auth = new Authenticator(Authenticator.Mode.KEYS, store, keys, Duration.ofSeconds(30), () -> now[0]);
        assertThat(auth.authenticate("Bearer " + key).id()).isEqualTo("acme");
        assertThatThrownBy(() -> auth.authenticate("Bearer sk-gw-wrong")).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.code()).isEqualTo("invalid_api_key");
            assertThat(e.getMessage()).doesNotContain("sk-gw-wrong");
        });
        assertThatThrownBy(() -> auth.authenticate(null)).isInstanceOfSatisfying(GatewayError.class,
                e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void openModeTakesAnyKeyAsTheDefaultTenantButStillHonoursKnownKeys() {
        String key = issue("acme");
        Authenticator auth = new Authenticator(Authenticator.Mode.OPEN, store, keys, Duration.ofSeconds(30), () -> now[0]);
        assertThat(auth.authenticate("Bearer any-key").id()).isEqualTo(Tenant.DEFAULT_ID);
        assertThat(auth.authenticate(null).id()).isEqualTo(Tenant.DEFAULT_ID);
        assertThat(auth.authenticate("Bearer " + key).id()).isEqualTo("acme");
    }

    @Test
    void onlyTheHashIsStoredAndARevokedKeyStopsWorkingWithinTheCacheTtl() {
        String key = issue("acme");
        assertThat(store.keys("acme")).singleElement().satisfies(k -> {
            assertThat(k.hash()).isEqualTo(keys.hash(key)).hasSize(64).doesNotContain(key);
            assertThat(k.prefix()).isEqualTo(key.substring(0, 10));
        });
        Authenticator auth = new Authenticator(Authenticator.Mode.KEYS, store, keys, Duration.ofSeconds(30), () -> now[0]);
        auth.authenticate("Bearer " + key);
        store.deleteKey(keys.hash(key));
        now[0] = Duration.ofSeconds(29).toNanos();
        assertThat(auth.authenticate("Bearer " + key).id()).as("cached").isEqualTo("acme");
        now[0] = Duration.ofSeconds(31).toNanos();
        assertThatThrownBy(() -> auth.authenticate("Bearer " + key)).isInstanceOf(GatewayError.class);
    }

    @Test
    void aPepperTurnsTheHashIntoAnHmac() {
        ApiKeys peppered = new ApiKeys("server-secret");
        assertThat(peppered.hash("sk-gw-x")).isNotEqualTo(keys.hash("sk-gw-x")).hasSize(64);
        assertThat(keys.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"); // SHA-256 test vector
        assertThat(keys.generate()).startsWith("sk-gw-").hasSize(46);
    }
}
