package dev.llmgateway.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Finding 2 of the hostile probe: a cap could be crossed by as much as upstream usage exceeded the
 * estimate; an upstream reporting 5,000 completion tokens despite {@code max_tokens} 10 put 145,348
 * tokens on a 1,000 cap. In the hard-cap mode ({@code budget.mode: hard}) each request's max tokens
 * are bounded by what is left, and output above that bound is not charged.
 * Benchmark-style (counts, no timing): the overshoot is at most one request's bounded output.
 */
class HardCapE2eTest extends TenantE2eTest {
    private static final String BODY = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    @Test
    void twoHundredParallelRequestsAgainstAHardCapOvershootByAtMostOneRequestsBoundedOutput() throws Exception {
        String key = tenantWithKey("hard", "{\"tokens_per_day\":1000,\"mode\":\"hard\"}");
        // The prompt as OpenAI counts it ("Hello" is 1 token, 3 per message, 3 to prime the reply), the output a lie.
        OPENAI.on(OPENAI_PATH, UpstreamUsageE2eTest.answering("{\"prompt_tokens\":7,\"completion_tokens\":5000,\"total_tokens\":5007}"));
        int before = OPENAI.received().size();
        List<HttpResponse<String>> responses = UpstreamUsageE2eTest.parallel(200, () -> call("POST", "/v1/chat/completions", BODY, key));
        long served = responses.stream().filter(r -> r.statusCode() == 200).count();
        assertThat(responses).allMatch(r -> r.statusCode() == 200 || r.statusCode() == 429);
        assertThat(served).isPositive();

        long day = adminOk("GET", "/admin/tenants/hard/usage", null).at("/day/tokens").asLong();
        assertThat(day - 1_000).as("overshoot of the 1,000 cap (soft mode measured 145,348 tokens)").isLessThanOrEqualTo(10);
        for (FakeUpstream.Received sent : OPENAI.received().subList(before, OPENAI.received().size())) {
            JsonNode body = Json.tree(sent.body());
            assertThat(body.get("max_tokens").asInt()).as("the upstream was never allowed more than was left").isBetween(1, 10);
        }
        for (HttpResponse<String> r : responses) {
            r.headers().firstValue("X-Gateway-Max-Tokens-Bounded").ifPresent(v -> assertThat(Integer.parseInt(v)).isBetween(1, 9));
        }
    }

    @Test
    void aRequestWithoutMaxTokensIsBoundedAndToldSo() throws Exception {
        String key = tenantWithKey("hard-open", "{\"tokens_per_day\":500,\"mode\":\"hard\"}");
        OPENAI.on(OPENAI_PATH, echoModel());
        HttpResponse<String> response = call("POST", "/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}", key);
        assertThat(response.statusCode()).isEqualTo(200);
        int bounded = Integer.parseInt(response.headers().firstValue("X-Gateway-Max-Tokens-Bounded").orElseThrow());
        // 500 minus the tokenized prompt ("Hello" is 1 token, + 4 for the message + 3 reply priming).
        assertThat(bounded).isEqualTo(500 - 8);
        assertThat(Json.tree(OPENAI.last().body()).get("max_completion_tokens").asInt()).isEqualTo(bounded);
        assertThat(adminOk("GET", "/admin/tenants/hard-open/usage", null).at("/day/tokens").asLong()).isEqualTo(29);
    }
}
