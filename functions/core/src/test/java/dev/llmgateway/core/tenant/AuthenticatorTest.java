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
    void theHashCoversTheWholeKeyNotJustItsDisplayedPrefix() {
        // FIPS 180-2 vector of 56 bytes, longer than the 10-character display prefix.
        assertThat(keys.hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
                .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
        String key = issue("acme");
        String samePrefix = key.substring(0, key.length() - 1) + (key.endsWith("a") ? "b" : "a");
        assertThat(ApiKeys.displayPrefix(samePrefix)).isEqualTo(ApiKeys.displayPrefix(key));
        assertThat(keys.hash(samePrefix)).isNotEqualTo(keys.hash(key));
        Authenticator auth = new Authenticator(Authenticator.Mode.KEYS, store, keys, Duration.ofSeconds(30), () -> now[0]);
        assertThatThrownBy(() -> auth.authenticate("Bearer " + samePrefix)).isInstanceOfSatisfying(GatewayError.class,
                e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void aPepperedHashIsHmacSha256MatchingRfc4231() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        assertThat(new ApiKeys("Jefe").hash("what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        // RFC 4231 test case 1: key 0x0b x 20, data "Hi There".
        assertThat(new ApiKeys("\u000b".repeat(20)).hash("Hi There"))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        assertThat(new ApiKeys("").hash("abc")).as("an empty pepper means no pepper").isEqualTo(keys.hash("abc"));
    }

    @Test
    void aPepperTurnsTheHashIntoAnHmac() {
        ApiKeys peppered = new ApiKeys("server-secret");
        assertThat(peppered.hash("sk-gw-x")).isNotEqualTo(keys.hash("sk-gw-x")).hasSize(64);
        assertThat(keys.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"); // SHA-256 test vector
        assertThat(keys.generate()).startsWith("sk-gw-").hasSize(46);
    }
}
