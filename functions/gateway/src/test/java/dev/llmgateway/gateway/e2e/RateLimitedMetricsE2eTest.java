package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.Fixtures;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A request refused by a gateway rate limit reaches the request record like any other outcome, so
 * Prometheus ({@code gateway_rate_limited_total}) and the EMF record ({@code RateLimited}) count it
 * from the same row: once each. On Lambda settings, where the record is complete before the last
 * bytes of the response, so neither count can lag behind the client.
 */
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@Import(RateLimitE2eTest.TestClock.class)
class RateLimitedMetricsE2eTest extends TenantE2eTest {
    private static final String CHAT = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    @DynamicPropertySource
    static void onLambda(DynamicPropertyRegistry registry) {
        registry.add("AWS_LAMBDA_FUNCTION_NAME", () -> "llm-gateway-test");
    }

    @Test
    void oneRefusedRequestIsCountedOnceInPrometheusAndOnceInEmf(CapturedOutput output) throws Exception {
        RateLimitE2eTest.CLOCK.set(RateLimitE2eTest.START); // both requests in one minute window
        adminOk("PUT", "/admin/tenants/rl-emf", "{\"name\":\"rl-emf\",\"limits\":{\"requests_per_minute\":1}}");
        String key = adminOk("POST", "/admin/tenants/rl-emf/keys", "{}").get("key").asText();
        OPENAI.on(OPENAI_PATH, json(200, Fixtures.text("openai/plain/upstream-response.json")));
        double before = scraped();

        assertThat(call("POST", OPENAI_PATH, CHAT, key).statusCode()).isEqualTo(200);
        var refused = call("POST", OPENAI_PATH, CHAT, key);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(Json.tree(refused.body()).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");

        assertThat(scraped() - before).isEqualTo(1);
        List<JsonNode> records = output.getOut().lines().filter(l -> l.startsWith("{\"_aws\"")).map(Json::tree).toList();
        List<JsonNode> limited = records.stream().filter(r -> r.has("RateLimited")).toList();
        assertThat(limited).as("one EMF record carries the refusal").hasSize(1);
        JsonNode record = limited.getFirst();
        assertThat(record.get("RateLimited").asDouble()).isEqualTo(1);
        assertThat(record.get("Status").asText()).isEqualTo("429");
        assertThat(record.at("/_aws/CloudWatchMetrics/0/Metrics").findValuesAsText("Name")).contains("RateLimited");
    }

    /** {@code gateway_rate_limited_total{limit="requests",scope="tenant"}} in the scrape, 0 before its first refusal. */
    private double scraped() throws Exception {
        String scrape = call("GET", "/actuator/prometheus", null, SCRAPE_TOKEN).body();
        Matcher m = Pattern.compile("(?m)^gateway_rate_limited_total\\{limit=\"requests\",scope=\"tenant\"} (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
