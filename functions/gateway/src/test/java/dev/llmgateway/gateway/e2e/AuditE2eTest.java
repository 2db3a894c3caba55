package dev.llmgateway.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.audit.AuditItem;
import dev.llmgateway.core.audit.AuditKey;
import dev.llmgateway.core.audit.AuditLog;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every API and admin request leaves one verifiable audit record, refused ones included, with no secret and no content. */
class AuditE2eTest extends TenantE2eTest {
    static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"a very private sentence\"}]}";

    @Autowired
    AuditLog audit;

    HttpResponse<byte[]> chat(String key, String requestId, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) request.header("Authorization", "Bearer " + key);
        if (requestId != null) request.header("x-request-id", requestId);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    JsonNode record(String requestId) throws Exception {
        JsonNode page = adminOk("GET", "/admin/audit?request_id=" + requestId, null);
        assertThat(page.path("data")).as("records of " + requestId).hasSize(1);
        return page.path("data").get(0);
    }

    @Test
    void servedAndRefusedRequestsAndAdminChangesAreRecordedAndVerify() throws Exception {
        OPENAI.on(OPENAI_PATH, echoModel());
        String key = tenantWithKey("audited", null);

        HttpResponse<byte[]> served = chat(key, "client-req-1", CHAT);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("x-request-id")).hasValue("client-req-1");
        JsonNode r = record("client-req-1");
        assertThat(r.path("kind").asText()).isEqualTo("request");
        JsonNode d = r.path("data");
        assertThat(d.path("tenant").asText()).isEqualTo("audited");
        assertThat(d.path("api").asText()).isEqualTo("chat.completions");
        assertThat(d.path("status").asInt()).isEqualTo(200);
        assertThat(d.path("model_requested").asText()).isEqualTo("gpt-4o-mini");
        assertThat(d.path("provider").asText()).isEqualTo("openai");
        assertThat(d.path("model_served").asText()).isEqualTo("gpt-4o-mini");
        assertThat(d.path("usage").path("prompt_tokens").asInt()).isEqualTo(20);
        assertThat(d.path("key_id").asText()).hasSize(64).isNotEqualTo(key);
        assertThat(d.path("source_ip").asText()).isNotBlank();
        assertThat(d.path("request_sha256").asText()).isEqualTo(AuditKey.sha256(CHAT.getBytes(StandardCharsets.UTF_8)));
        assertThat(d.path("response_sha256").asText()).isEqualTo(AuditKey.sha256(served.body()));
        assertThat(d.has("guardrails")).isTrue();
        assertThat(d.path("content").isNull()).isTrue();

        HttpResponse<byte[]> unauthorized = chat("sk-gw-wrong", "client-req-2", CHAT);
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        JsonNode refused = record("client-req-2").path("data");
        assertThat(refused.path("status").asInt()).isEqualTo(401);
        assertThat(refused.path("error_code").asText()).isEqualTo("invalid_api_key");
        assertThat(refused.path("request_sha256").isNull()).isTrue(); // refused before the body was read

        assertThat(chat(key, "client-req-3", "{\"model\":\"no-such-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .statusCode()).isEqualTo(404);
        assertThat(record("client-req-3").path("data").path("error_code").asText()).isEqualTo("model_not_found");
        assertThat(chat(key, "client-req-4", "{not json").statusCode()).isEqualTo(400);
        assertThat(record("client-req-4").path("data").path("status").asInt()).isEqualTo(400);

        // A malformed client id is replaced by a generated one.
        HttpResponse<byte[]> generated = chat(key, "bad id with spaces", CHAT);
        String id = generated.headers().firstValue("x-request-id").orElseThrow();
        assertThat(id).startsWith("req_");
        record(id);

        // Admin changes: who, what, before and after, outcome; the new key itself is never recorded.
        adminOk("PUT", "/admin/tenants/audited", "{\"name\":\"Audited Inc\"}");
        JsonNode admin = adminOk("GET", "/admin/audit?kind=admin&limit=1000", null).path("data");
        List<JsonNode> changes = new ArrayList<>();
        admin.forEach(changes::add);
        JsonNode rename = changes.stream().filter(c -> c.path("data").path("action").asText().equals("PUT /admin/tenants/audited")
                && c.path("data").path("after").path("name").asText().equals("Audited Inc")).findFirst().orElseThrow();
        assertThat(rename.path("data").path("before").path("name").asText()).isEqualTo("audited");
        assertThat(rename.path("data").path("outcome").asText()).isEqualTo("succeeded");
        assertThat(rename.path("data").path("admin_key_id").asText()).hasSize(64);
        assertThat(rename.path("data").path("tenant").asText()).as("in the tenant's own records").isEqualTo("audited");
        JsonNode keyCreation = changes.stream().filter(c -> c.path("data").path("action").asText().equals("POST /admin/tenants/audited/keys"))
                .findFirst().orElseThrow();
        assertThat(keyCreation.path("data").path("after").path("id").asText()).isNotBlank();
        assertThat(keyCreation.path("data").path("after").has("key")).isFalse();

        // Nothing secret and no content anywhere in the log.
        for (List<AuditItem> items : allItems()) {
            for (AuditItem item : items) {
                assertThat(item.text()).doesNotContain(key).doesNotContain(ADMIN_KEY).doesNotContain("a very private sentence")
                        .doesNotContain("sk-upstream-test");
            }
        }
        JsonNode verification = adminOk("GET", "/admin/audit/verify", null);
        assertThat(verification.path("ok").asBoolean()).as(verification.toString()).isTrue();
        assertThat(adminOk("GET", "/admin/audit/verify?tenant=audited", null).path("ok").asBoolean()).isTrue();
        // Reading the log is audited too.
        JsonNode reads = adminOk("GET", "/admin/audit?kind=admin&limit=1000", null).path("data");
        assertThat(reads.findValuesAsText("action")).contains("GET /admin/audit/verify");
    }

    @Test
    void streamedRequestIsRecordedWithTheHashOfTheBytesSent() throws Exception {
        OLLAMA.on(OLLAMA_PATH, FakeUpstream.stream("application/x-ndjson",
                FakeUpstream.events(Fixtures.text("ollama/stream/upstream-stream.txt"), "\n"), 0));
        String key = tenantWithKey("streamer", null);
        HttpResponse<byte[]> response = chat(key, "stream-req-1",
                "{\"model\":\"ollama/llama3.2\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode d = record("stream-req-1").path("data");
        assertThat(d.path("stream").asBoolean()).isTrue();
        assertThat(d.path("status").asInt()).isEqualTo(200);
        assertThat(d.path("response_sha256").asText()).isEqualTo(AuditKey.sha256(response.body()));
        assertThat(d.path("ttft_ms").isNumber()).isTrue();
    }

    @Test
    void twoHundredParallelRequestsGiveTwoHundredRecordsAndEveryChainVerifies() throws Exception {
        OPENAI.on(OPENAI_PATH, echoModel());
        String key = tenantWithKey("parallel", null);
        List<Future<Integer>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            for (int i = 0; i < 200; i++) {
                String id = "par-" + i;
                calls.add(pool.submit(() -> chat(key, id, CHAT).statusCode()));
            }
            for (Future<Integer> call : calls) assertThat(call.get()).isEqualTo(200);
        }
        Set<String> ids = new TreeSet<>();
        String cursor = null;
        do {
            JsonNode page = adminOk("GET", "/admin/audit?tenant=parallel&kind=request&limit=50" + (cursor == null ? "" : "&cursor=" + cursor), null);
            page.path("data").forEach(rec -> ids.add(rec.path("data").path("request_id").asText()));
            cursor = page.path("next").isNull() ? null : page.path("next").asText();
        } while (cursor != null);
        assertThat(ids).hasSize(200).isEqualTo(java.util.stream.IntStream.range(0, 200).mapToObj(i -> "par-" + i)
                .collect(Collectors.toCollection(TreeSet::new)));
        JsonNode verification = adminOk("GET", "/admin/audit/verify", null);
        assertThat(verification.path("ok").asBoolean()).as(verification.toString()).isTrue();
    }

    List<List<AuditItem>> allItems() {
        List<List<AuditItem>> all = new ArrayList<>();
        for (String pk : audit.store().partitions()) all.add(audit.store().partition(pk));
        return all;
    }
}
