package dev.llmgateway.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;

/** A team's limits, shared by its keys, seen through the official OpenAI SDK. */
@Import(RateLimitE2eTest.TestClock.class)
class TeamE2eTest extends TenantE2eTest {

    @BeforeEach
    void startOfTest() {
        RateLimitE2eTest.CLOCK.set(RateLimitE2eTest.START);
        OPENAI.on(OPENAI_PATH, echoModel());
    }

    private static ChatCompletionCreateParams hello() {
        return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Hello").maxCompletionTokens(10).build();
    }

    @Test
    void aTeamsRequestLimitRefusesItsKeysTogetherWhileAKeyOutsideTheTeamIsServed() throws Exception {
        adminOk("PUT", "/admin/tenants/teams", "{}");
        adminOk("PUT", "/admin/tenants/teams/teams/search", "{\"name\":\"Search\",\"limits\":{\"requests_per_minute\":2}}");
        String first = adminOk("POST", "/admin/tenants/teams/keys", "{\"team_id\":\"search\"}").get("key").asText();
        String second = adminOk("POST", "/admin/tenants/teams/keys", "{\"team_id\":\"search\"}").get("key").asText();
        String outside = adminOk("POST", "/admin/tenants/teams/keys", "{}").get("key").asText();

        sdk(first).chat().completions().create(hello());
        sdk(second).chat().completions().create(hello());
        assertThatThrownBy(() -> sdk(first).chat().completions().create(hello()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.code()).contains("rate_limit_exceeded");
                    assertThat(e.getMessage()).contains("team 'search'");
                });
        assertThat(sdk(outside).chat().completions().create(hello()).model()).isEqualTo("gpt-4o");
    }

    @Test
    void badTeamBodiesAndUnknownTeamsAre400sNamingTheFieldAndATeamWithKeysCannotBeDeleted() throws Exception {
        adminOk("PUT", "/admin/tenants/badteams", "{}");
        for (String[] c : new String[][] {
                {"{\"limits\":{\"tokens_per_minute\":1.5}}", "limits.tokens_per_minute"},
                {"{\"budget\":{\"tokens_per_day\":-1}}", "budget.tokens_per_day"},
                {"{\"size\":3}", "size"}}) {
            var response = admin("PUT", "/admin/tenants/badteams/teams/t1", c[0]);
            assertThat(response.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(dev.llmgateway.core.json.Json.tree(response.body()).at("/error/param").asText()).isEqualTo(c[1]);
        }
        var unknown = admin("POST", "/admin/tenants/badteams/keys", "{\"team_id\":\"nope\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(dev.llmgateway.core.json.Json.tree(unknown.body()).at("/error/param").asText()).isEqualTo("team_id");

        adminOk("PUT", "/admin/tenants/badteams/teams/t1", "{}");
        adminOk("POST", "/admin/tenants/badteams/keys", "{\"team_id\":\"t1\"}");
        assertThat(admin("DELETE", "/admin/tenants/badteams/teams/t1", null).statusCode()).isEqualTo(409);
        assertThat(adminOk("GET", "/admin/tenants/badteams/teams", null).at("/data/0/id").asText()).isEqualTo("t1");
    }
}
