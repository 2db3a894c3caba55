package dev.llmgateway.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;

/** What an operator sets on a key (models, expiry, metadata, rotation, revocation), seen through the official OpenAI SDK. */
@Import(RateLimitE2eTest.TestClock.class)
class KeyPolicyE2eTest extends TenantE2eTest {

    @BeforeEach
    void startOfTest() {
        RateLimitE2eTest.CLOCK.set(RateLimitE2eTest.START);
        OPENAI.on(OPENAI_PATH, echoModel());
    }

    private static ChatCompletionCreateParams hello(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").maxCompletionTokens(10).build();
    }

    @Test
    void aKeyUsesOnlyTheModelsItsListsAllowAndADeniedModelIs403NamingIt() throws Exception {
        adminOk("PUT", "/admin/tenants/lists", "{}");
        JsonNode created = adminOk("POST", "/admin/tenants/lists/keys",
                "{\"name\":\"ci\",\"allowed_models\":[\"gpt-4o*\"],\"denied_models\":[\"gpt-4o\"],\"metadata\":{\"team\":\"search\",\"owner\":\"ana\"}}");
        String key = created.get("key").asText();
        assertThat(sdk(key).chat().completions().create(hello("gpt-4o-mini")).model()).isEqualTo("gpt-4o-mini");
        assertThatThrownBy(() -> sdk(key).chat().completions().create(hello("gpt-4o"))).isInstanceOfSatisfying(PermissionDeniedException.class, e -> {
            assertThat(e.code()).contains("model_not_allowed");
            assertThat(e.getMessage()).contains("'gpt-4o'");
        });
        assertThatThrownBy(() -> sdk(key).chat().completions().create(hello("o1-mini"))).isInstanceOf(PermissionDeniedException.class);

        JsonNode listed = adminOk("GET", "/admin/tenants/lists/keys", null).at("/data/0");
        assertThat(listed.get("metadata").get("team").asText()).isEqualTo("search");
        assertThat(listed.get("allowed_models").toString()).isEqualTo("[\"gpt-4o*\"]");
        assertThat(listed.toString()).doesNotContain(key);

        adminOk("PATCH", "/admin/tenants/lists/keys/" + created.get("id").asText(), "{\"denied_models\":null}");
        assertThat(sdk(key).chat().completions().create(hello("gpt-4o")).model()).as("the deny-list was cleared").isEqualTo("gpt-4o");
    }

    @Test
    void aKeyStopsWorkingAtItsExpiry() throws Exception {
        adminOk("PUT", "/admin/tenants/expiring", "{}");
        String key = adminOk("POST", "/admin/tenants/expiring/keys", "{\"expires_at\":\"2026-01-05T11:00:00Z\"}").get("key").asText();
        sdk(key).chat().completions().create(hello("gpt-4o"));
        RateLimitE2eTest.CLOCK.set(java.time.Instant.parse("2026-01-05T11:00:00Z"));
        assertThatThrownBy(() -> sdk(key).chat().completions().create(hello("gpt-4o")))
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.getMessage()).contains("expired"));
    }

    @Test
    void rotationKeepsBothKeysWorkingDuringTheOverlapThenOnlyTheNewOneAndRevocationIsImmediateHere() throws Exception {
        adminOk("PUT", "/admin/tenants/rotating", "{}");
        JsonNode first = adminOk("POST", "/admin/tenants/rotating/keys", "{\"name\":\"prod\",\"metadata\":{\"env\":\"prod\"}}");
        String oldKey = first.get("key").asText();
        JsonNode rotated = adminOk("POST", "/admin/tenants/rotating/keys/" + first.get("id").asText() + "/rotate", "{\"overlap_seconds\":600}");
        String newKey = rotated.get("key").asText();
        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(rotated.get("name").asText()).isEqualTo("prod");
        assertThat(rotated.at("/metadata/env").asText()).as("the new key keeps the policy").isEqualTo("prod");
        assertThat(rotated.at("/replaces/expires_at").asText()).isEqualTo("2026-01-05T10:10:30Z");

        assertThat(sdk(oldKey).chat().completions().create(hello("gpt-4o")).model()).isEqualTo("gpt-4o");
        assertThat(sdk(newKey).chat().completions().create(hello("gpt-4o")).model()).isEqualTo("gpt-4o");
        RateLimitE2eTest.CLOCK.advance(Duration.ofSeconds(600));
        assertThatThrownBy(() -> sdk(oldKey).chat().completions().create(hello("gpt-4o"))).isInstanceOf(UnauthorizedException.class);
        assertThat(sdk(newKey).chat().completions().create(hello("gpt-4o")).model()).isEqualTo("gpt-4o");

        adminOk("DELETE", "/admin/tenants/rotating/keys/" + rotated.get("id").asText(), null);
        assertThatThrownBy(() -> sdk(newKey).chat().completions().create(hello("gpt-4o"))).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void aKeysOwnBudgetCapsItUnderItsTenantWithoutTouchingTheTenantsOtherKeys() throws Exception {
        adminOk("PUT", "/admin/tenants/keybudget", "{}");
        String capped = adminOk("POST", "/admin/tenants/keybudget/keys", "{\"budget\":{\"tokens_per_day\":100}}").get("key").asText();
        String free = adminOk("POST", "/admin/tenants/keybudget/keys", "{}").get("key").asText();
        // Each answer uses 29 tokens; each request reserves its estimate (17 tokens) first.
        for (int i = 0; i < 3; i++) sdk(capped).chat().completions().create(hello("gpt-4o"));
        assertThatThrownBy(() -> sdk(capped).chat().completions().create(hello("gpt-4o")))
                .isInstanceOfSatisfying(com.openai.errors.RateLimitException.class, e -> {
                    assertThat(e.code()).contains("budget_exceeded");
                    assertThat(e.getMessage()).contains("this API key");
                    assertThat(e.headers().values("x-should-retry")).containsExactly("false");
                });
        assertThat(sdk(free).chat().completions().create(hello("gpt-4o")).model()).isEqualTo("gpt-4o");
        assertThat(adminOk("GET", "/admin/tenants/keybudget/usage", null).at("/day/tokens").asLong())
                .as("the tenant counts both keys' served tokens, the refused request none").isEqualTo(4 * 29);
        assertThat(admin("POST", "/admin/tenants/keybudget/keys", "{\"budget\":{\"downgrade\":{\"a\":\"b\"}}}").statusCode()).isEqualTo(400);
    }

    @Test
    void badKeyFieldsAre400sNamingTheField() throws Exception {
        adminOk("PUT", "/admin/tenants/badkeys", "{}");
        for (String[] c : new String[][] {
                {"{\"expires_at\":\"soon\"}", "expires_at"},
                {"{\"allowed_models\":\"gpt-4o\"}", "allowed_models"},
                {"{\"limits\":{\"requests_per_minute\":1e3}}", "limits.requests_per_minute"},
                {"{\"labels\":{}}", "labels"}}) {
            var response = admin("POST", "/admin/tenants/badkeys/keys", c[0]);
            assertThat(response.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(dev.llmgateway.core.json.Json.tree(response.body()).at("/error/param").asText()).isEqualTo(c[1]);
        }
        assertThat(admin("POST", "/admin/tenants/badkeys/keys/nope/rotate", "{}").statusCode()).isEqualTo(404);
        assertThat(admin("PUT", "/admin/tenants/badkeys", "{\"model_limits\":{\"gpt-4o\":{\"max_concurrent_requests\":-2}}}").statusCode()).isEqualTo(400);
    }
}
