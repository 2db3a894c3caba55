package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.gateway.testing.PrometheusText;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Guardrails end to end (docs/guardrails.md), with the official OpenAI and Anthropic SDKs through
 * the gateway to fakes: the fake receives placeholders, never the values; restore gives the client
 * the originals, buffered and in streams delivered byte by byte; a block is the API's own 400
 * envelope and reaches no upstream and no cache entry; policies are managed through the admin API
 * and a change takes effect on the next request (in the process that took it; elsewhere within
 * the cache TTL). Each test has its own tenant, so the policies apply to it alone.
 */
class GuardrailE2eTest extends TenantE2eTest {
    private static final String EMAIL = "ann.lee@example.com";
    private static final String CARD = "4111 1111 1111 1111";
    private static final String AWS_KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String REDACTIONS = "X-Gateway-Redactions";

    /** A tenant with a key and a policy for it: emails restored, cards redacted, secrets blocked. */
    private String guardedTenant(String id) throws Exception {
        String key = tenantWithKey(id, null);
        adminOk("PUT", "/admin/guardrails/" + id + "-pii", policy(id));
        return key;
    }

    private static String policy(String tenant) {
        return "{\"applies_to\":{\"tenants\":[\"" + tenant + "\"]},\"detectors\":{\"email\":\"restore\",\"credit_card\":\"redact\","
                + "\"secrets\":\"block\"}}";
    }

    private static long received(FakeUpstream upstream, String marker) {
        return upstream.received().stream().filter(r -> r.bodyText().contains(marker)).count();
    }

    private static String lastBody(FakeUpstream upstream, String marker) {
        return upstream.received().stream().filter(r -> r.bodyText().contains(marker)).reduce((a, b) -> b).orElseThrow().bodyText();
    }

    private static String chatAnswer(String content) {
        ObjectNode answer = (ObjectNode) Json.tree("""
                {"id":"chatcmpl-g","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"message":{"role":"assistant","content":""},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":20,"completion_tokens":9,"total_tokens":29}}""");
        ((ObjectNode) answer.at("/choices/0/message")).put("content", content);
        return Json.string(answer);
    }

    @Test
    void theProviderGetsPlaceholdersAndTheClientTheOriginalsBack() throws Exception {
        String key = guardedTenant("guard-chat");
        OPENAI.on(OPENAI_PATH, json(200, chatAnswer("Dear <EMAIL_1>, card <CARD_1> is noted.")));
        HttpResponse<String> raw = call("POST", OPENAI_PATH, "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"zqg11 I am " + EMAIL + ", card " + CARD + "\"}]}", key);

        assertThat(raw.statusCode()).isEqualTo(200);
        String upstream = lastBody(OPENAI, "zqg11");
        assertThat(upstream).contains("I am <EMAIL_1>, card <CARD_1>").doesNotContain(EMAIL).doesNotContain(CARD);
        assertThat(Json.tree(raw.body()).at("/choices/0/message/content").asText()).isEqualTo("Dear " + EMAIL + ", card <CARD_1> is noted.");
        assertThat(raw.headers().firstValue(REDACTIONS)).hasValue("2");

        // The same through the SDK.
        ChatCompletion c = sdk(key).chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                .addUserMessage("zqg10 mail " + EMAIL).build());
        assertThat(c.choices().getFirst().message().content()).hasValue("Dear " + EMAIL + ", card <CARD_1> is noted.");
        assertThat(lastBody(OPENAI, "zqg10")).contains("mail <EMAIL_1>").doesNotContain(EMAIL);
    }

    @Test
    void aStreamDeliveredByteByByteIsRestoredForTheOpenAiSdk() throws Exception {
        String key = guardedTenant("guard-stream");
        String answer = "Hi <EMAIL_1>, bye <EMAIL_1>.";
        OPENAI.on(OPENAI_PATH, FakeUpstream.stream("text/event-stream", byteByByte(chatStream(answer)), 0));
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (var stream = sdk(key).chat().completions().createStreaming(ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                .addUserMessage("zqg06 I am " + EMAIL).build())) {
            stream.stream().forEach(chunks::add);
        }
        StringBuilder text = new StringBuilder();
        chunks.forEach(ch -> ch.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
        assertThat(text.toString()).isEqualTo("Hi " + EMAIL + ", bye " + EMAIL + ".");
        assertThat(chunks.getLast().choices().getFirst().finishReason()).isPresent();
        assertThat(lastBody(OPENAI, "zqg06")).contains("I am <EMAIL_1>").doesNotContain(EMAIL);
    }

    /** OpenAI chunks with one character of content each. */
    private static String chatStream(String answer) {
        StringBuilder s = new StringBuilder();
        String head = "{\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":";
        s.append("data: ").append(head).append("{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
        for (char ch : answer.toCharArray()) {
            s.append("data: ").append(head).append("{\"content\":").append(Json.string(String.valueOf(ch))).append("},\"finish_reason\":null}]}\n\n");
        }
        s.append("data: ").append(head).append("{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":5,\"total_tokens\":10}}\n\n");
        return s.append("data: [DONE]\n\n").toString();
    }

    private static List<byte[]> byteByByte(String stream) {
        List<byte[]> parts = new ArrayList<>();
        for (byte b : stream.getBytes(StandardCharsets.UTF_8)) parts.add(new byte[] {b});
        return parts;
    }

    @Test
    void aBlockIsOpenAisEnvelopeNamingDetectorAndLocationAndReachesNoProvider() throws Exception {
        String key = guardedTenant("guard-block");
        OPENAI.on(OPENAI_PATH, json(200, chatAnswer("never")));
        assertThatThrownBy(() -> sdk(key).chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                .addUserMessage("zqg08 hello").addUserMessage("zqg08 my key is " + AWS_KEY).build()))
                .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.code()).hasValue("content_policy_violation");
                    assertThat(e.getMessage()).contains("aws_access_key", "messages[1].content").doesNotContain(AWS_KEY);
                });
        assertThat(received(OPENAI, "zqg08")).isZero();
        HttpResponse<String> raw = call("POST", "/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"" + AWS_KEY + "\"]}", key);
        assertThat(raw.statusCode()).isEqualTo(400);
        JsonNode error = Json.tree(raw.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("content_policy_violation");
        assertThat(error.get("param").asText()).isEqualTo("input[1]");
        assertThat(raw.body()).doesNotContain(AWS_KEY);
    }

    @Test
    void aBlockedRequestIsNeverServedFromTheCacheAndAPolicyChangeTakesEffectOnTheNextRequest() throws Exception {
        adminOk("PUT", "/admin/tenants/guard-cache", "{\"name\":\"guard-cache\",\"cache\":{\"enabled\":true}}");
        String key = adminOk("POST", "/admin/tenants/guard-cache/keys", "{\"name\":\"test\"}").get("key").asText();
        OPENAI.on(OPENAI_PATH, json(200, chatAnswer("fine")));
        String body = "{\"model\":\"gpt-4o-mini\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"zqg07 " + AWS_KEY + "\"}]}";
        assertThat(call("POST", OPENAI_PATH, body, key).headers().firstValue("X-Gateway-Cache")).hasValue("miss");
        assertThat(call("POST", OPENAI_PATH, body, key).headers().firstValue("X-Gateway-Cache")).as("stored").hasValue("hit");

        adminOk("PUT", "/admin/guardrails/guard-cache-secrets", policy("guard-cache"));
        HttpResponse<String> blocked = call("POST", OPENAI_PATH, body, key);
        assertThat(blocked.statusCode()).isEqualTo(400);
        assertThat(blocked.headers().firstValue("X-Gateway-Cache")).as("no lookup for a blocked request").isEmpty();
        assertThat(received(OPENAI, "zqg07")).isEqualTo(1);

        adminOk("DELETE", "/admin/guardrails/guard-cache-secrets", null);
        assertThat(call("POST", OPENAI_PATH, body, key).headers().firstValue("X-Gateway-Cache")).hasValue("hit");
    }

    @Test
    void aCachedAnswerIsRestoredWithTheValuesOfTheRequestItServes() throws Exception {
        adminOk("PUT", "/admin/tenants/guard-cache-restore", "{\"name\":\"guard-cache-restore\",\"cache\":{\"enabled\":true}}");
        String key = adminOk("POST", "/admin/tenants/guard-cache-restore/keys", "{\"name\":\"test\"}").get("key").asText();
        adminOk("PUT", "/admin/guardrails/guard-cache-restore", policy("guard-cache-restore"));
        OPENAI.on(OPENAI_PATH, json(200, chatAnswer("Hello <EMAIL_1>")));
        String first = call("POST", OPENAI_PATH, chatBody("zqg09 I am " + EMAIL), key).body();
        HttpResponse<String> second = call("POST", OPENAI_PATH, chatBody("zqg09 I am bob@example.org"), key);
        assertThat(Json.tree(first).at("/choices/0/message/content").asText()).isEqualTo("Hello " + EMAIL);
        assertThat(second.headers().firstValue("X-Gateway-Cache")).as("the same redacted request").hasValue("hit");
        assertThat(Json.tree(second.body()).at("/choices/0/message/content").asText()).isEqualTo("Hello bob@example.org");
        assertThat(received(OPENAI, "zqg09")).isEqualTo(1);
    }

    private static String chatBody(String content) {
        return "{\"model\":\"gpt-4o-mini\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":" + Json.string(content) + "}]}";
    }

    @Test
    void messagesThroughTheAnthropicSdkArePlaceholdersUpstreamAndOriginalsBackBufferedAndStreamed() throws Exception {
        String key = guardedTenant("guard-messages");
        AnthropicClient anthropic = AnthropicOkHttpClient.builder().baseUrl(baseUrl()).apiKey(key).maxRetries(0).build();
        ANTHROPIC.on("/v1/messages", json(200, """
                {"id":"msg_g","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"Hi <EMAIL_1>"}],
                 "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":3}}"""));
        Message m = anthropic.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(64)
                .addUserMessage("zqg05 I am " + EMAIL).build());
        assertThat(m.content().getFirst().asText().text()).isEqualTo("Hi " + EMAIL);
        assertThat(lastBody(ANTHROPIC, "zqg05")).contains("I am <EMAIL_1>").doesNotContain(EMAIL);

        ANTHROPIC.on("/v1/messages", FakeUpstream.stream("text/event-stream", byteByByte(messagesStream("Bye <EMAIL_1>!")), 0));
        StringBuilder text = new StringBuilder();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(64).addUserMessage("zqg04 I am " + EMAIL).build())) {
            stream.stream().forEach(e -> e.contentBlockDelta().ifPresent(d -> d.delta().text().ifPresent(t -> text.append(t.text()))));
        }
        assertThat(text.toString()).isEqualTo("Bye " + EMAIL + "!");
        assertThat(lastBody(ANTHROPIC, "zqg04")).doesNotContain(EMAIL);
    }

    private static String messagesStream(String answer) {
        StringBuilder s = new StringBuilder("""
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_s","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                """);
        for (char ch : answer.toCharArray()) {
            s.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":")
                    .append(Json.string(String.valueOf(ch))).append("}}\n\n");
        }
        return s.append("""
                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":5}}

                event: message_stop
                data: {"type":"message_stop"}

                """).toString();
    }

    @Test
    void aMessagesBlockIsAnthropicsEnvelope() throws Exception {
        String key = guardedTenant("guard-messages-block");
        AnthropicClient anthropic = AnthropicOkHttpClient.builder().baseUrl(baseUrl()).apiKey(key).maxRetries(0).build();
        assertThatThrownBy(() -> anthropic.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(64)
                .addUserMessage("zqg01 " + AWS_KEY).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("aws_access_key", "messages[0].content").doesNotContain(AWS_KEY);
                });
        HttpResponse<String> raw = call("POST", "/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"" + AWS_KEY + "\"}]}]}", key);
        JsonNode envelope = Json.tree(raw.body());
        assertThat(envelope.get("type").asText()).isEqualTo("error");
        assertThat(envelope.at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(envelope.at("/error/message").asText()).contains("aws_access_key", "messages[0].content[0].text").doesNotContain(AWS_KEY);
        HttpResponse<String> count = call("POST", "/v1/messages/count_tokens", "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"zqg31 " + AWS_KEY + "\"}]}", key);
        assertThat(count.statusCode()).as("counting sends the body upstream: screened too").isEqualTo(400);
        assertThat(received(ANTHROPIC, "zqg31")).isZero();
        assertThat(received(ANTHROPIC, "zqg01")).isZero();
    }

    @Test
    void responsesInputIsRedactedForTheProviderAndTheOutputRestoredBufferedAndStreamed() throws Exception {
        String key = guardedTenant("guard-responses");
        ANTHROPIC.on("/v1/messages", json(200, """
                {"id":"msg_r","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"Hi <EMAIL_1>"}],
                 "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":3}}"""));
        var response = sdk(key).responses().create(com.openai.models.responses.ResponseCreateParams.builder().model("claude-sonnet-4-5")
                .instructions("zqg03 answer " + EMAIL).input("I am " + EMAIL).store(false).build());
        StringBuilder text = new StringBuilder();
        response.output().forEach(o -> o.message().ifPresent(msg -> msg.content().forEach(c -> c.outputText().ifPresent(t -> text.append(t.text())))));
        assertThat(text.toString()).isEqualTo("Hi " + EMAIL);
        assertThat(lastBody(ANTHROPIC, "zqg03")).contains("answer <EMAIL_1>", "I am <EMAIL_1>").doesNotContain(EMAIL);

        ANTHROPIC.on("/v1/messages", FakeUpstream.stream("text/event-stream", byteByByte(messagesStream("Bye <EMAIL_1>!")), 0));
        StringBuilder deltas = new StringBuilder();
        String[] done = new String[1];
        try (var stream = sdk(key).responses().createStreaming(com.openai.models.responses.ResponseCreateParams.builder()
                .model("claude-sonnet-4-5").input("zqg02 I am " + EMAIL).store(false).build())) {
            stream.stream().forEach(e -> {
                e.outputTextDelta().ifPresent(d -> deltas.append(d.delta()));
                e.outputTextDone().ifPresent(d -> done[0] = d.text());
            });
        }
        assertThat(deltas.toString()).isEqualTo("Bye " + EMAIL + "!");
        assertThat(done[0]).isEqualTo("Bye " + EMAIL + "!");
        assertThat(lastBody(ANTHROPIC, "zqg02")).doesNotContain(EMAIL);
    }

    @Test
    void findingsAreCountedAndAuditedWithoutValuesAndABlockByItsPolicy() throws Exception {
        String key = guardedTenant("guard-metered");
        OPENAI.on(OPENAI_PATH, json(200, chatAnswer("Noted, <EMAIL_1>.")));
        PrometheusText before = scrape();
        HttpResponse<String> served = call("POST", OPENAI_PATH, chatBody("zqg21 I am " + EMAIL + ", card " + CARD), key, "zqg-req-1");
        HttpResponse<String> blocked = call("POST", OPENAI_PATH, chatBody("zqg22 key " + AWS_KEY), key, "zqg-req-2");
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(blocked.statusCode()).isEqualTo(400);

        awaitDelta(before, "gateway_guardrail_findings_total", Map.of("detector", "email", "action", "restore", "direction", "inbound"), 1);
        awaitDelta(before, "gateway_guardrail_findings_total", Map.of("detector", "credit_card", "action", "redact", "direction", "inbound"), 1);
        awaitDelta(before, "gateway_guardrail_findings_total", Map.of("detector", "aws_access_key", "action", "block", "direction", "inbound"), 1);
        awaitDelta(before, "gateway_guardrail_blocked_total", Map.of("policy", "guard-metered-pii"), 1);
        String scraped = call("GET", "/actuator/prometheus", null, SCRAPE_TOKEN).body();
        assertThat(scraped).doesNotContain(EMAIL).doesNotContain(CARD).doesNotContain(AWS_KEY);

        JsonNode servedRecord = audit("zqg-req-1");
        assertThat(servedRecord.at("/data/guardrails")).hasSize(2);
        assertThat(servedRecord.at("/data/guardrails/0/detector").asText()).isEqualTo("email");
        assertThat(servedRecord.at("/data/guardrails/0/action").asText()).isEqualTo("restore");
        assertThat(servedRecord.at("/data/guardrails/0/location").asText()).isEqualTo("messages[0].content");
        assertThat(servedRecord.at("/data/guardrails/0/policy").asText()).isEqualTo("guard-metered-pii");
        JsonNode blockedRecord = audit("zqg-req-2");
        assertThat(blockedRecord.at("/data/guardrails/0/action").asText()).isEqualTo("block");
        assertThat(blockedRecord.at("/data/error_code").asText()).isEqualTo("content_policy_violation");
        String all = Json.string(servedRecord) + Json.string(blockedRecord);
        assertThat(all).doesNotContain(EMAIL).doesNotContain("4111").doesNotContain(AWS_KEY);
    }

    private HttpResponse<String> call(String method, String path, String body, String bearer, String requestId) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer).header("x-request-id", requestId)
                .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body));
        return java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode audit(String requestId) throws Exception {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode page = adminOk("GET", "/admin/audit?request_id=" + requestId, null).path("data");
            assertThat(page).hasSize(1);
            found[0] = page.get(0);
        });
        return found[0];
    }

    @Test
    void invalidPoliciesAreRefusedWithTheFieldNamedAndPoliciesAreListed() throws Exception {
        HttpResponse<String> bad = admin("PUT", "/admin/guardrails/bad", "{\"applies_to\":{\"global\":true},\"detectors\":{\"emails\":\"redact\"}}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.tree(bad.body()).at("/error/param").asText()).isEqualTo("detectors.emails");
        HttpResponse<String> regex = admin("POST", "/admin/guardrails", "{\"id\":\"bad-regex\",\"applies_to\":{\"global\":true},"
                + "\"custom\":[{\"name\":\"x\",\"regex\":\"(a\",\"action\":\"block\"}]}");
        assertThat(regex.statusCode()).isEqualTo(400);
        assertThat(Json.tree(regex.body()).at("/error/param").asText()).isEqualTo("custom[0].regex");
        adminOk("PUT", "/admin/guardrails/listed", "{\"applies_to\":{\"tenants\":[\"nobody\"]},\"detectors\":{\"pii\":\"redact\"}}");
        assertThat(admin("POST", "/admin/guardrails", "{\"id\":\"listed\",\"applies_to\":{\"global\":true}}").statusCode()).isEqualTo(409);
        JsonNode list = adminOk("GET", "/admin/guardrails", null);
        assertThat(list.get("data").findValuesAsText("id")).contains("listed");
        assertThat(adminOk("GET", "/admin/guardrails/listed", null).at("/detectors/email").asText()).isEqualTo("redact");
        adminOk("DELETE", "/admin/guardrails/listed", null);
        assertThat(admin("GET", "/admin/guardrails/listed", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/admin/guardrails", null, "wrong").statusCode()).isEqualTo(401);
    }
}
