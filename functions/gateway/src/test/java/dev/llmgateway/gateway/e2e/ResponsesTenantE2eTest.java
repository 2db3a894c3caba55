package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import dev.llmgateway.gateway.testing.PrometheusText;
import org.junit.jupiter.api.Test;

/** Responses under keys: a tenant reaches only its own responses; budgets and the audit log count each request once. */
class ResponsesTenantE2eTest extends TenantE2eTest {
    private static final String OPENAI_ID = "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b";

    private HttpResponse<String> create(String key, String requestId, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/responses"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .header("x-request-id", requestId).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anotherTenantsKeyGets404ForEveryStoredIdAndTheUpstreamIsNeverAsked() throws Exception {
        String owner = tenantWithKey("resp-owner", null);
        String other = tenantWithKey("resp-other", null);
        ANTHROPIC.on("/v1/messages", json(200, Fixtures.text("anthropic/plain/upstream-response.json")));
        OPENAI.on("/v1/responses", json(200, Fixtures.text("responses/openai-response.json")));
        String translated = Json.tree(create(owner, "r-own-1", "{\"model\":\"claude-sonnet-4-5\",\"input\":\"hi\"}").body()).get("id").asText();
        assertThat(Json.tree(create(owner, "r-own-2", "{\"model\":\"gpt-4.1\",\"input\":\"hi\"}").body()).get("id").asText()).isEqualTo(OPENAI_ID);
        int upstreamCalls = OPENAI.received().size();

        for (String id : List.of(translated, OPENAI_ID)) {
            for (String[] call : new String[][] {{"GET", "/v1/responses/" + id}, {"GET", "/v1/responses/" + id + "/input_items"},
                    {"DELETE", "/v1/responses/" + id}}) {
                HttpResponse<String> refused = call(call[0], call[1], null, other);
                assertThat(refused.statusCode()).as(call[0] + " " + call[1]).isEqualTo(404);
                assertThat(Json.tree(refused.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
            }
            HttpResponse<String> continued = create(other, "r-other", "{\"model\":\"claude-sonnet-4-5\",\"previous_response_id\":\""
                    + id + "\",\"input\":\"more\"}");
            assertThat(continued.statusCode()).isEqualTo(404);
            assertThat(Json.tree(continued.body()).at("/error/param").asText()).isEqualTo("previous_response_id");
        }
        assertThat(OPENAI.received()).hasSize(upstreamCalls);
        assertThat(call("GET", "/v1/responses/" + translated, null, owner).statusCode()).isEqualTo(200);
    }

    @Test
    void budgetsAndTheAuditLogCountResponsesTrafficOnce() throws Exception {
        String key = tenantWithKey("resp-metered", "{\"tokens_per_day\":100000}");
        PrometheusText before = scrape();
        ANTHROPIC.on("/v1/messages", json(200, Fixtures.text("anthropic/plain/upstream-response.json")));
        HttpResponse<String> buffered = create(key, "resp-buffered-1", "{\"model\":\"claude-sonnet-4-5\",\"input\":\"hi\"}");
        assertThat(buffered.statusCode()).isEqualTo(200);
        ANTHROPIC.on("/v1/messages", FakeUpstream.stream("text/event-stream",
                List.of(Fixtures.bytes("anthropic/stream/upstream-stream.txt")), 0));
        HttpResponse<String> streamed = create(key, "resp-streamed-1", "{\"model\":\"claude-sonnet-4-5\",\"input\":\"hi\",\"stream\":true}");
        assertThat(streamed.body()).contains("event: response.completed");
        String id = Json.tree(buffered.body()).get("id").asText();
        assertThat(call("GET", "/v1/responses/" + id, null, key).statusCode()).isEqualTo(200);

        JsonNode day = adminOk("GET", "/admin/tenants/resp-metered/usage", null).get("day");
        assertThat(day.get("tokens").asLong()).as("21 + 17 buffered, 14 + 19 streamed").isEqualTo(71);
        assertThat(day.get("requests").asLong()).as("a GET plans nothing").isEqualTo(2);

        Map<String, String> served = Map.of("model", "claude-sonnet-4-5", "provider", "anthropic");
        awaitDelta(before, "gateway_requests_total", Map.of("model", "claude-sonnet-4-5", "provider", "anthropic", "status", "200"), 2);
        awaitDelta(before, "gateway_tokens_total", with(served, "direction", "input"), 21 + 14);
        awaitDelta(before, "gateway_tokens_total", with(served, "direction", "output"), 17 + 19);
        // claude-sonnet-4-5 at 3 and 15 USD per 1M tokens: 318 + 327 micro-USD.
        awaitDelta(before, "gateway_cost_dollars_total", Map.of("tenant", "resp-metered"), 0.000645);

        for (String requestId : List.of("resp-buffered-1", "resp-streamed-1")) {
            JsonNode page = adminOk("GET", "/admin/audit?request_id=" + requestId, null);
            assertThat(page.path("data")).as(requestId).hasSize(1);
            JsonNode record = page.path("data").get(0).path("data");
            assertThat(record.path("api").asText()).isEqualTo("responses");
            assertThat(record.path("provider").asText()).isEqualTo("anthropic");
            assertThat(record.path("tenant").asText()).isEqualTo("resp-metered");
        }
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> out = new java.util.HashMap<>(labels);
        out.put(name, value);
        return out;
    }

}
