package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import dev.llmgateway.gateway.testing.PrometheusText;
import org.junit.jupiter.api.Test;

/**
 * The response cache end to end (docs/cache.md): a tenant turns it on through the admin API; hits
 * equal the original, streams replay chunk for chunk and parse with the official SDKs, tenants are
 * apart, sampled requests pass by, budgets are not charged, and identical parallel requests make one
 * upstream call. Each test sends its own text, so the shared fakes' logs are told apart by it.
 */
class CacheE2eTest extends TenantE2eTest {
    private static final String ON = "{\"enabled\":true}";
    private static final String HEADER = "X-Gateway-Cache";

    private String cachedTenant(String id, String cache) throws Exception {
        adminOk("PUT", "/admin/tenants/" + id, "{\"name\":\"" + id + "\",\"budget\":{\"tokens_per_day\":1000000},\"cache\":" + cache + "}");
        return adminOk("POST", "/admin/tenants/" + id + "/keys", "{\"name\":\"test\"}").get("key").asText();
    }

    private static long upstreamCalls(FakeUpstream upstream, String marker) {
        return upstream.received().stream().filter(r -> r.bodyText().contains(marker)).count();
    }

    private HttpResponse<String> post(String path, String key, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String chat(String marker, String extra) {
        return "{\"model\":\"gpt-4o-mini\",\"temperature\":0" + extra + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + marker + "\"}]}";
    }

    /** An answer with a tool call, so the comparison covers content, tool calls and finish reason. */
    private static final String TOOL_ANSWER = """
            {"id":"chatcmpl-tool1","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini-2024-07-18",
             "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_abc","type":"function",
               "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}],"refusal":null},"logprobs":null,
               "finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":20,"completion_tokens":9,"total_tokens":29}}""";

    @Test
    void aBufferedHitIsTheOriginalAnswerAndCostsNothing() throws Exception {
        String key = cachedTenant("cache-buffered", ON);
        OPENAI.on(OPENAI_PATH, json(200, TOOL_ANSWER));
        String body = chat("buffered-1", "");

        HttpResponse<String> first = post(OPENAI_PATH, key, body, Map.of());
        HttpResponse<String> second = post(OPENAI_PATH, key, body.replace("{\"model\"", "{ \"model\""), Map.of()); // whitespace only

        assertThat(first.headers().firstValue(HEADER)).hasValue("miss");
        assertThat(second.headers().firstValue(HEADER)).hasValue("hit");
        assertThat(second.statusCode()).isEqualTo(200);
        JsonNode original = Json.tree(first.body());
        JsonNode hit = Json.tree(second.body());
        assertThat(hit.at("/choices/0/message/tool_calls")).isEqualTo(original.at("/choices/0/message/tool_calls"));
        assertThat(hit.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(hit).as("the stored body, ids included").isEqualTo(original);
        assertThat(upstreamCalls(OPENAI, "buffered-1")).isEqualTo(1);
        assertThat(second.headers().firstValue("X-Gateway-Cost-USD")).hasValue("0.000000");
        assertThat(second.headers().firstValue("X-Gateway-Provider")).hasValue("openai");
        JsonNode day = adminOk("GET", "/admin/tenants/cache-buffered/usage", null).get("day");
        assertThat(day.get("tokens").asLong()).as("only the first request's 29 tokens").isEqualTo(29);
        assertThat(day.get("requests").asLong()).isEqualTo(2);
    }

    @Test
    void aHitIsChargedTheOperatorsFraction() throws Exception {
        String key = cachedTenant("cache-fraction", "{\"enabled\":true,\"hit_cost_fraction\":0.5}");
        OPENAI.on(OPENAI_PATH, json(200, TOOL_ANSWER));
        String body = chat("fraction-1", "");
        post(OPENAI_PATH, key, body, Map.of());
        HttpResponse<String> hit = post(OPENAI_PATH, key, body, Map.of());
        assertThat(hit.headers().firstValue(HEADER)).hasValue("hit");
        assertThat(adminOk("GET", "/admin/tenants/cache-fraction/usage", null).at("/day/tokens").asLong())
                .as("29 + half of 29, rounded").isEqualTo(29 + 15);
    }

    @Test
    void aStreamedHitReplaysTheOriginalChunksAndParsesWithTheOpenAiSdk() throws Exception {
        String key = cachedTenant("cache-stream", ON);
        OPENAI.on(OPENAI_PATH, FakeUpstream.stream("text/event-stream",
                FakeUpstream.events(Fixtures.text("openai/stream-usage/upstream-stream.txt"), "\n\n"), 0));
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o-mini").temperature(0)
                .addUserMessage("stream-1").build();

        List<ChatCompletionChunk> original = chunks(key, params);
        List<ChatCompletionChunk> replayed = chunks(key, params);

        assertThat(upstreamCalls(OPENAI, "stream-1")).isEqualTo(1);
        assertThat(replayed).hasSameSizeAs(original).hasSizeGreaterThan(2);
        for (int i = 0; i < original.size(); i++) {
            assertThat(replayed.get(i).choices()).as("chunk " + i).isEqualTo(original.get(i).choices());
            assertThat(replayed.get(i).id()).isEqualTo(original.get(i).id());
        }
        assertThat(replayed).noneMatch(c -> c.usage().isPresent()).as("not asked for");
        assertThat(replayed.getLast().choices().getFirst().finishReason()).hasValueSatisfying(r -> assertThat(r.asString()).isEqualTo("stop"));

        // The same stream asked with include_usage: the usage chunk last, with the upstream's numbers.
        List<ChatCompletionChunk> withUsage = chunks(key, params.toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());
        assertThat(upstreamCalls(OPENAI, "stream-1")).isEqualTo(1);
        assertThat(withUsage).hasSize(original.size() + 1);
        assertThat(withUsage.getLast().choices()).isEmpty();
        assertThat(withUsage.getLast().usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isEqualTo(9);
            assertThat(u.completionTokens()).isEqualTo(4);
        });

        // On the wire: the same data events as the first stream, byte for byte, then the receipt and [DONE].
        String raw = post(OPENAI_PATH, key, chat("stream-1", ",\"stream\":true"), Map.of()).body();
        List<String> events = new ArrayList<>(List.of(raw.split("\n\n")));
        assertThat(events.getLast()).isEqualTo("data: [DONE]");
        assertThat(events.get(events.size() - 2)).startsWith(": X-Gateway-Cost-USD: 0.000000");
        List<String> upstream = List.of(Fixtures.text("openai/stream-usage/upstream-stream.txt").split("\n\n"));
        assertThat(events.subList(0, events.size() - 2)).containsExactlyElementsOf(upstream.subList(0, upstream.size() - 2));
    }

    @Test
    void aStoredUsageChunkReachesOnlyAClientThatAsksForIt() throws Exception {
        String key = cachedTenant("cache-stream-usage", ON);
        OPENAI.on(OPENAI_PATH, FakeUpstream.stream("text/event-stream",
                FakeUpstream.events(Fixtures.text("openai/stream-usage/upstream-stream.txt"), "\n\n"), 0));
        ChatCompletionCreateParams withUsage = ChatCompletionCreateParams.builder().model("gpt-4o-mini").temperature(0)
                .addUserMessage("stream-2").streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();

        List<ChatCompletionChunk> original = chunks(key, withUsage);
        List<ChatCompletionChunk> without = chunks(key, withUsage.toBuilder().streamOptions(java.util.Optional.empty()).build());
        List<ChatCompletionChunk> again = chunks(key, withUsage);

        assertThat(upstreamCalls(OPENAI, "stream-2")).isEqualTo(1);
        assertThat(original.getLast().usage()).isPresent();
        assertThat(without).hasSize(original.size() - 1).noneMatch(c -> c.usage().isPresent());
        assertThat(again).isEqualTo(original);
    }

    private List<ChatCompletionChunk> chunks(String key, ChatCompletionCreateParams params) {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (var stream = sdk(key).chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunks::add);
        }
        return chunks;
    }

    @Test
    void aStreamedMessagesHitIsAnthropicsEventSequenceAndParsesWithTheAnthropicSdk() throws Exception {
        String key = cachedTenant("cache-messages", ON);
        ANTHROPIC.on("/v1/messages", FakeUpstream.stream("text/event-stream",
                FakeUpstream.events(Fixtures.text("anthropic/stream/upstream-stream.txt"), "\n\n"), 0));
        AnthropicClient anthropic = AnthropicOkHttpClient.builder().baseUrl(baseUrl()).apiKey(key).maxRetries(0).build();
        MessageCreateParams params = MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(64).putAdditionalBodyProperty("temperature", com.anthropic.core.JsonValue.from(0))
                .addUserMessage("messages-1").build();

        List<String> original = events(anthropic, params);
        List<String> replayed = events(anthropic, params);

        assertThat(upstreamCalls(ANTHROPIC, "messages-1")).isEqualTo(1);
        assertThat(replayed).isEqualTo(original);
        assertThat(replayed.getFirst()).startsWith("message_start");
        assertThat(replayed.getLast()).startsWith("message_stop");
        assertThat(adminOk("GET", "/admin/tenants/cache-messages/usage", null).at("/day/tokens").asLong()).isEqualTo(33);
    }

    private static List<String> events(AnthropicClient anthropic, MessageCreateParams params) {
        List<String> events = new ArrayList<>();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(params)) {
            stream.stream().forEach(e -> events.add(e.isMessageStart() ? "message_start " + e.asMessageStart().message().id()
                    : e.isContentBlockDelta() ? "delta " + e.asContentBlockDelta().delta()
                    : e.isMessageDelta() ? "message_delta " + e.asMessageDelta().delta().stopReason() + " " + e.asMessageDelta().usage().outputTokens()
                    : e.isMessageStop() ? "message_stop" : e.toString()));
        }
        return events;
    }

    @Test
    void embeddingsAreCached() throws Exception {
        String key = cachedTenant("cache-embeddings", ON);
        OPENAI.on("/v1/embeddings", json(200, """
                {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.1,-0.2]}],"model":"text-embedding-3-small",
                 "usage":{"prompt_tokens":3,"total_tokens":3}}"""));
        String body = "{\"model\":\"text-embedding-3-small\",\"input\":\"embed-1\"}";
        HttpResponse<String> first = post("/v1/embeddings", key, body, Map.of());
        HttpResponse<String> second = post("/v1/embeddings", key, body, Map.of());
        assertThat(second.headers().firstValue(HEADER)).hasValue("hit");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(upstreamCalls(OPENAI, "embed-1")).isEqualTo(1);
    }

    @Test
    void oneTenantNeverGetsAnothersAnswer() throws Exception {
        String acme = cachedTenant("cache-acme", ON);
        String globex = cachedTenant("cache-globex", ON);
        OPENAI.on(OPENAI_PATH, echoModel());
        String body = chat("isolated-1", "");
        post(OPENAI_PATH, acme, body, Map.of());
        HttpResponse<String> other = post(OPENAI_PATH, globex, body, Map.of());
        assertThat(other.headers().firstValue(HEADER)).hasValue("miss");
        assertThat(upstreamCalls(OPENAI, "isolated-1")).isEqualTo(2);
        assertThat(post(OPENAI_PATH, acme, body, Map.of()).headers().firstValue(HEADER)).hasValue("hit");
        assertThat(post(OPENAI_PATH, globex, body, Map.of()).headers().firstValue(HEADER)).hasValue("hit");
        assertThat(upstreamCalls(OPENAI, "isolated-1")).isEqualTo(2);
    }

    @Test
    void sampledRequestsAndClientHeadersBypass() throws Exception {
        String key = cachedTenant("cache-bypass", ON);
        OPENAI.on(OPENAI_PATH, echoModel());
        String sampled = chat("bypass-1", "").replace("\"temperature\":0", "\"temperature\":0.7");
        for (int i = 0; i < 2; i++) {
            assertThat(post(OPENAI_PATH, key, sampled, Map.of()).headers().firstValue(HEADER)).hasValue("bypass");
        }
        assertThat(upstreamCalls(OPENAI, "bypass-1")).isEqualTo(2);

        String body = chat("bypass-2", "");
        post(OPENAI_PATH, key, body, Map.of());
        assertThat(post(OPENAI_PATH, key, body, Map.of("x-gateway-cache", "bypass")).headers().firstValue(HEADER))
                .hasValue("bypass");
        assertThat(post(OPENAI_PATH, key, body, Map.of("Cache-Control", "no-store")).headers().firstValue(HEADER))
                .hasValue("bypass");
        assertThat(post(OPENAI_PATH, key, body, Map.of("x-gateway-cache", "refresh")).headers().firstValue(HEADER))
                .hasValue("miss");
        assertThat(upstreamCalls(OPENAI, "bypass-2")).isEqualTo(4);
        assertThat(post(OPENAI_PATH, key, body, Map.of()).headers().firstValue(HEADER)).hasValue("hit");

        HttpResponse<String> bad = post(OPENAI_PATH, key, body, Map.of("x-gateway-cache", "maybe"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.tree(bad.body()).at("/error/param").asText()).isEqualTo("x-gateway-cache");
        assertThat(upstreamCalls(OPENAI, "bypass-2")).isEqualTo(4);
    }

    @Test
    void aTenantWithoutTheCacheGetsNoHeader() throws Exception {
        String key = tenantWithKey("cache-none", null);
        OPENAI.on(OPENAI_PATH, echoModel());
        assertThat(post(OPENAI_PATH, key, chat("none-1", ""), Map.of()).headers().firstValue(HEADER)).isEmpty();
    }

    @Test
    void aStreamThatBreaksOffIsNotStored() throws Exception {
        String key = cachedTenant("cache-broken", ON);
        String first = Fixtures.text("openai/stream-usage/upstream-stream.txt").split("\n\n")[0] + "\n\n";
        OPENAI.on(OPENAI_PATH, FakeUpstream.stream("text/event-stream", List.of(first.getBytes(StandardCharsets.UTF_8)), 0));
        String body = chat("broken-1", ",\"stream\":true");
        String cut = post(OPENAI_PATH, key, body, Map.of()).body();
        assertThat(cut).doesNotContain("[DONE]").contains("\"error\"");
        HttpResponse<String> again = post(OPENAI_PATH, key, body, Map.of());
        assertThat(again.headers().firstValue(HEADER)).hasValue("miss");
        assertThat(upstreamCalls(OPENAI, "broken-1")).isEqualTo(2);
    }


    @Test
    void eachOutcomeIsCountedOnceAndAHitCountsWhatItSaved() throws Exception {
        String key = cachedTenant("cache-metered", ON);
        OPENAI.on(OPENAI_PATH, json(200, TOOL_ANSWER));
        String body = chat("metered-1", "");
        PrometheusText before = scrape();

        HttpResponse<String> miss = post(OPENAI_PATH, key, body, Map.of());
        awaitDelta(before, "gateway_cache_requests_total", Map.of("result", "miss"), 1);
        post(OPENAI_PATH, key, body, Map.of());
        awaitDelta(before, "gateway_cache_requests_total", Map.of("result", "hit"), 1);
        post(OPENAI_PATH, key, body, Map.of("x-gateway-cache", "bypass"));
        awaitDelta(before, "gateway_cache_requests_total", Map.of("result", "bypass"), 1);

        PrometheusText after = scrape();
        assertThat(after.value("gateway_cache_requests_total", Map.of("result", "miss"))
                - before.value("gateway_cache_requests_total", Map.of("result", "miss"))).isEqualTo(1);
        assertThat(after.value("gateway_cache_saved_tokens_total", Map.of("tenant", "cache-metered"))).isEqualTo(29);
        double cost = Double.parseDouble(miss.headers().firstValue("X-Gateway-Cost-USD").orElseThrow());
        assertThat(cost).isPositive();
        assertThat(after.value("gateway_cache_saved_dollars_total", Map.of("tenant", "cache-metered"))).isCloseTo(cost, within(1e-9));
        assertThat(after.value("gateway_cost_dollars_total", Map.of("tenant", "cache-metered"))).as("the miss and the bypass only")
                .isCloseTo(2 * cost, within(1e-9));
        Map<String, String> served = Map.of("model", "gpt-4o-mini", "provider", "cache", "status", "200");
        assertThat(after.value("gateway_requests_total", served) - before.value("gateway_requests_total", served)).isEqualTo(1);
    }

    /** A stateless Responses call is cached like chat; one that the API stores (the default) is not. */
    @Test
    void aStatelessResponsesCallIsServedFromTheCacheAndAStoredOneIsNot() throws Exception {
        String key = cachedTenant("cache-responses", ON);
        OPENAI.on("/v1/responses", json(200, Fixtures.text("responses/openai-response.json")));
        String stateless = "{\"model\":\"gpt-4.1\",\"temperature\":0,\"store\":false,\"input\":\"resp-buffered-a\"}";

        HttpResponse<String> first = post("/v1/responses", key, stateless, Map.of());
        HttpResponse<String> second = post("/v1/responses", key, stateless, Map.of());

        assertThat(first.headers().firstValue(HEADER)).hasValue("miss");
        assertThat(second.headers().firstValue(HEADER)).hasValue("hit");
        assertThat(Json.tree(second.body())).isEqualTo(Json.tree(first.body()));
        assertThat(upstreamCalls(OPENAI, "resp-buffered-a")).isEqualTo(1);

        String stored = "{\"model\":\"gpt-4.1\",\"temperature\":0,\"input\":\"resp-stored-a\"}";
        assertThat(post("/v1/responses", key, stored, Map.of()).headers().firstValue(HEADER)).hasValue("bypass");
        assertThat(post("/v1/responses", key, stored, Map.of()).headers().firstValue(HEADER)).hasValue("bypass");
        assertThat(upstreamCalls(OPENAI, "resp-stored-a")).isEqualTo(2);
    }

    @Test
    void aStreamedResponsesHitReplaysTheSameEventsAndParsesWithTheOpenAiSdk() throws Exception {
        String key = cachedTenant("cache-responses-stream", ON);
        OPENAI.on("/v1/responses", FakeUpstream.stream("text/event-stream",
                FakeUpstream.events(Fixtures.text("responses/openai-stream.txt"), "\n\n"), 0));
        var params = com.openai.models.responses.ResponseCreateParams.builder().model("gpt-4.1").temperature(0.0)
                .store(false).input("resp-streamed-a").build();

        List<com.openai.models.responses.ResponseStreamEvent> original = responseEvents(key, params);
        List<com.openai.models.responses.ResponseStreamEvent> replayed = responseEvents(key, params);

        assertThat(upstreamCalls(OPENAI, "resp-streamed-a")).isEqualTo(1);
        assertThat(original).hasSize(10);
        assertThat(replayed).isEqualTo(original);
        assertThat(replayed.getLast().asCompleted().response().usage().orElseThrow().inputTokensDetails().cachedTokens()).isEqualTo(12);
    }

    private List<com.openai.models.responses.ResponseStreamEvent> responseEvents(
            String key, com.openai.models.responses.ResponseCreateParams params) {
        List<com.openai.models.responses.ResponseStreamEvent> events = new ArrayList<>();
        try (var stream = sdk(key).responses().createStreaming(params)) {
            stream.stream().forEach(events::add);
        }
        return events;
    }

    /** One process coalesces: the first goes upstream, the others wait for its stored answer. */
    @Test
    void aHundredIdenticalParallelRequestsMakeOneUpstreamCall() throws Exception {
        String key = cachedTenant("cache-parallel", ON);
        OPENAI.on(OPENAI_PATH, json(200, TOOL_ANSWER));
        String body = chat("parallel-1", "");
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 100).mapToObj(i -> client.sendAsync(
                HttpRequest.newBuilder(URI.create(baseUrl() + OPENAI_PATH)).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())).toList();
        JsonNode expected = Json.tree(TOOL_ANSWER);
        int hits = 0;
        for (var response : responses) {
            HttpResponse<String> r = response.get();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(Json.tree(r.body())).isEqualTo(expected);
            if (r.headers().firstValue(HEADER).orElseThrow().equals("hit")) hits++;
        }
        assertThat(upstreamCalls(OPENAI, "parallel-1")).isEqualTo(1);
        assertThat(hits).isEqualTo(99);
        assertThat(adminOk("GET", "/admin/tenants/cache-parallel/usage", null).at("/day/tokens").asLong()).isEqualTo(29);
    }
}
