package dev.llmgateway.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.limit.Limits;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KeyPolicyTest {
    @Test
    void globsMatchWholeNamesWithStarsForAnyRun() {
        assertThat(new ModelPattern("gpt-4o").matches("gpt-4o")).isTrue();
        assertThat(new ModelPattern("gpt-4o").matches("gpt-4o-mini")).isFalse();
        assertThat(new ModelPattern("gpt-4o*").matches("gpt-4o-mini")).isTrue();
        assertThat(new ModelPattern("*-mini").matches("gpt-4o-mini")).isTrue();
        assertThat(new ModelPattern("*-mini").matches("gpt-4o")).isFalse();
        assertThat(new ModelPattern("ollama/*").matches("ollama/llama3.2")).isTrue();
        assertThat(new ModelPattern("a*b*c").matches("abc")).isTrue();
        assertThat(new ModelPattern("a*b*c").matches("ac")).isFalse();
        assertThat(new ModelPattern("ab*ba").matches("aba")).as("prefix and suffix may not overlap").isFalse();
        assertThat(new ModelPattern("*").matches("anything")).isTrue();
    }

    @Test
    void theDenyListWinsOverTheAllowList() {
        KeyPolicy policy = KeyPolicy.parse(Json.tree("""
                {"allowed_models":["gpt-4o*","claude-*"],"denied_models":["gpt-4o"]}"""), KeyPolicy.NONE);
        assertThat(policy.allows("gpt-4o-mini")).isTrue();
        assertThat(policy.allows("claude-sonnet")).isTrue();
        assertThat(policy.allows("gpt-4o")).isFalse();
        assertThat(policy.allows("llama3")).isFalse();
        assertThat(KeyPolicy.NONE.allows("anything")).isTrue();
    }

    @Test
    void parseKeepsAbsentFieldsClearsNullOnesAndRejectsBadValues() {
        KeyPolicy base = KeyPolicy.parse(Json.tree("""
                {"expires_at":"2026-02-01T00:00:00Z","metadata":{"team":"search"},"limits":{"requests_per_minute":5}}"""), KeyPolicy.NONE);
        assertThat(base.expiresAt()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(base.limits()).isEqualTo(new Limits(5L, null, null));
        KeyPolicy changed = KeyPolicy.parse(Json.tree("{\"expires_at\":null,\"denied_models\":[\"o1*\"]}"), base);
        assertThat(changed.expiresAt()).isNull();
        assertThat(changed.metadata()).containsEntry("team", "search");
        assertThat(changed.deniedModels()).extracting(ModelPattern::glob).containsExactly("o1*");
        assertThat(base.expired(Instant.parse("2026-02-01T00:00:00Z"))).isTrue();
        assertThat(base.expired(Instant.parse("2026-01-31T23:59:59Z"))).isFalse();
        for (String bad : new String[] {"{\"expires_at\":\"tomorrow\"}", "{\"allowed_models\":[\"a b\"]}", "{\"metadata\":{\"x\":1}}",
                "{\"limits\":{\"requests_per_minute\":-1}}", "{\"limits\":{\"rpm\":1}}", "{\"limits\":{\"tokens_per_minute\":1.5}}"}) {
            assertThatThrownBy(() -> KeyPolicy.parse(Json.tree(bad), KeyPolicy.NONE)).as(bad)
                    .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(400));
        }
    }
}
