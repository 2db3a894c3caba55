package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.gateway.testing.PrometheusText;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Receipts through the official OpenAI SDK: every response says what it cost, to the micro-dollar of
 * the price catalogue, and the tenant's budget counters hold exactly the sum of the receipts.
 */
class CostE2eTest extends TenantE2eTest {
    private static final Pattern STREAM_RECEIPT = Pattern.compile("^: X-Gateway-Cost-USD: (\\d+\\.\\d{6})$", Pattern.MULTILINE);

    /** gpt-4o-mini with cache reads and reasoning: 500 x 0.15 + 1,500 x 0.075 + 300 x 0.60 = 367.5 micro-USD, rounded up. */
    private static final String CACHED_REASONING_ANSWER = """
            {"id":"chatcmpl-9","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Done.","refusal":null},"logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":2000,"completion_tokens":300,"total_tokens":2300,
                      "prompt_tokens_details":{"cached_tokens":1500,"audio_tokens":0},
                      "completion_tokens_details":{"reasoning_tokens":100,"audio_tokens":0}}}""";

    private static ChatCompletionCreateParams hello(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").maxCompletionTokens(64).build();
    }

    /** One streamed request against an OpenAI upstream that answers with {@code sse}; the raw SSE the client got. */
    private HttpResponse<String> streamOnce(String key, String sse, String prompt) throws Exception {
        OPENAI.on(OPENAI_PATH, FakeUpstream.stream("text/event-stream", List.of(sse.getBytes(StandardCharsets.UTF_8)), 0));
        return call("POST", "/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                + Json.string(prompt) + "}]}", key);
    }

    private static String receipt(HttpResponse<String> streamed) {
        Matcher receipt = STREAM_RECEIPT.matcher(streamed.body());
        assertThat(receipt.find()).as(streamed.body()).isTrue();
        return receipt.group(1);
    }

    private BigDecimal tenantUsd(String tenant) throws Exception {
        return adminOk("GET", "/admin/tenants/" + tenant + "/usage", null).path("day").path("usd").decimalValue();
    }

    @Test
    void aBufferedAnswerCarriesItsExactCostAndTheBudgetHoldsTheSumOfTheReceipts() throws Exception {
        String key = tenantWithKey("receipts", "{\"usd_per_day\":10}");
        OPENAI.on(OPENAI_PATH, json(200, CACHED_REASONING_ANSWER));
        BigDecimal receipts = BigDecimal.ZERO;
        for (int i = 0; i < 3; i++) {
            HttpResponseFor<ChatCompletion> raw = sdk(key).chat().completions().withRawResponse().create(hello("gpt-4o-mini"));
            assertThat(raw.headers().values("X-Gateway-Cost-USD")).containsExactly("0.000368");
            assertThat(raw.headers().values("X-Gateway-Overhead-Ms")).hasSize(1);
            ChatCompletion completion = raw.parse();
            assertThat(completion.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens()).contains(1500L);
            assertThat(completion.usage().orElseThrow().completionTokensDetails().orElseThrow().reasoningTokens()).contains(100L);
            receipts = receipts.add(new BigDecimal(raw.headers().values("X-Gateway-Cost-USD").getFirst()));
        }
        assertThat(tenantUsd("receipts")).isEqualByComparingTo(receipts).isEqualByComparingTo("0.001104");
    }

    @Test
    void aStreamEndsWithItsReceiptAsAnSseCommentThatTheSdkSkips() throws Exception {
        String key = tenantWithKey("stream-receipts", "{\"usd_per_day\":10}");
        String usage = "{\"prompt_tokens\":2000,\"completion_tokens\":300,\"total_tokens\":2300,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":1500},\"completion_tokens_details\":{\"reasoning_tokens\":100}}";
        String sse = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Done.\"},\"finish_reason\":null}]}\n\n"
                + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":" + usage + "}\n\n"
                + "data: [DONE]\n\n";
        HttpResponse<String> raw = streamOnce(key, sse, "Hello");
        assertThat(receipt(raw)).isEqualTo("0.000368");
        assertThat(raw.body()).endsWith(": X-Gateway-Cost-USD: 0.000368\n\ndata: [DONE]\n\n");

        List<String> text = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = sdk(key).chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Hello")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::add)));
        }
        assertThat(text).containsExactly("Done.");
        assertThat(tenantUsd("stream-receipts")).isEqualByComparingTo("0.000736");
    }

    @Test
    void aStreamCutShortIsBilledForWhatItSentCountedWithTheTokenizerAndMarkedEstimated() throws Exception {
        String key = tenantWithKey("cut-short", "{\"usd_per_day\":10}");
        // Two content chunks, then the upstream connection ends without usage or [DONE].
        String sse = "data: {\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"One, two,\"},\"finish_reason\":null}]}\n\n"
                + "data: {\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" three, four\"},\"finish_reason\":null}]}\n\n";
        HttpResponse<String> raw = streamOnce(key, sse, "Count to five, please.");
        // o200k_base: "Count to five, please." is 6 tokens (+4 for the message, +3 to prime the reply), "One, two, three, four"
        // 7 tokens: 13 x 0.15 + 7 x 0.60 = 6.15 micro-USD, rounded up.
        assertThat(receipt(raw)).isEqualTo("0.000007");
        assertThat(raw.body()).contains("\"error\"").doesNotContain("[DONE]");
        JsonNode usage = adminOk("GET", "/admin/tenants/cut-short/usage", null).path("day");
        assertThat(usage.path("usd").decimalValue()).isEqualByComparingTo("0.000007");
        assertThat(usage.path("tokens").asLong()).isEqualTo(20);
    }

    @Test
    void aStreamTheClientCancelsIsBilledForTheChunksItWasSentNotTheEstimate() throws Exception {
        String key = tenantWithKey("cancelled", "{\"usd_per_day\":10}");
        int total = 50;
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0; i < total; i++) { // " a" is one o200k_base token
            parts.add(("data: {\"id\":\"c3\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" a\"},\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8));
        }
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch upstreamDone = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean opened = new java.util.concurrent.atomic.AtomicBoolean();
        OPENAI.on(OPENAI_PATH, exchange -> {
            try {
                FakeUpstream.gatedStream("text/event-stream", parts, gate, opened).answer(exchange);
            } catch (java.io.IOException e) {
                // the gateway cancelled the upstream call
            } finally {
                upstreamDone.countDown();
            }
        });
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/v1/chat/completions"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"max_tokens\":1000,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                .build();
        HttpResponse<java.io.InputStream> response = java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.InputStream in = response.body()) {
            assertThat(new String(in.readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("data: ");
        }
        gate.countDown();
        assertThat(upstreamDone.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        // Settled once the gateway notices the client is gone; "Hi" is 1 token + 4 for the message + 3 to prime the reply.
        await().atMost(Duration.ofSeconds(10)).until(() -> adminOk("GET", "/admin/tenants/cancelled/usage", null).at("/day/requests").asLong() == 1);
        JsonNode day = adminOk("GET", "/admin/tenants/cancelled/usage", null).path("day");
        long output = day.path("tokens").asLong() - 8;
        assertThat(output).as("the chunks that reached the gateway's client side, not the 1,000-token estimate").isBetween(1L, (long) total);
        // 8 x 0.15 + output x 0.60 micro-USD, rounded up
        BigDecimal expected = BigDecimal.valueOf(8 * 15 + output * 60).divide(BigDecimal.valueOf(100)).setScale(0, java.math.RoundingMode.CEILING)
                .movePointLeft(6);
        assertThat(day.path("usd").decimalValue()).isEqualByComparingTo(expected);
    }

    /**
     * A mixed run (buffered, streamed, a stream cut short, a failover, a refusal): the usage ledger
     * holds exactly the sum of the receipts, per model and in total, and so do the budget counters.
     */
    @Test
    void theLedgerHoldsExactlyTheSumOfTheReceiptsOfAMixedRun() throws Exception {
        String key = tenantWithKey("ledger-mix", "{\"usd_per_day\":10}");
        String keyId = adminOk("GET", "/admin/tenants/ledger-mix/keys", null).at("/data/0/id").asText();
        List<BigDecimal> receipts = new ArrayList<>();

        OPENAI.on(OPENAI_PATH, json(200, CACHED_REASONING_ANSWER));
        HttpResponseFor<ChatCompletion> buffered = sdk(key).chat().completions().withRawResponse().create(hello("gpt-4o-mini"));
        receipts.add(new BigDecimal(buffered.headers().values("X-Gateway-Cost-USD").getFirst()));

        String chunk = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"One, two\"},\"finish_reason\":null}]}\n\n";
        String usage = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":2000,\"completion_tokens\":300,\"total_tokens\":2300,\"prompt_tokens_details\":{\"cached_tokens\":1500}}}\n\n";
        receipts.add(new BigDecimal(receipt(streamOnce(key, chunk + usage + "data: [DONE]\n\n", "Hello"))));
        receipts.add(new BigDecimal(receipt(streamOnce(key, chunk, "Count to five, please.")))); // cut short: estimated

        adminOk("PUT", "/admin/routes/ledger-failover", """
                {"targets":[{"provider":"openai","model":"gpt-4o-mini"},{"provider":"ollama","model":"llama3.2","price":{"input":1,"output":2}}]}""");
        OPENAI.on(OPENAI_PATH, json(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
        OLLAMA.on(OLLAMA_PATH, json(200, dev.llmgateway.core.testing.Fixtures.text("ollama/plain/upstream-response.json")));
        HttpResponseFor<ChatCompletion> failedOver = sdk(key).chat().completions().withRawResponse().create(hello("ledger-failover"));
        assertThat(failedOver.headers().values("X-Gateway-Provider")).containsExactly("ollama");
        assertThat(failedOver.headers().values("X-Gateway-Cost-USD")).containsExactly("0.000622"); // 26 x 1 + 298 x 2
        receipts.add(new BigDecimal("0.000622"));

        adminOk("PUT", "/admin/routes/ledger-unpriced", "{\"targets\":[{\"provider\":\"openai\",\"model\":\"my-fine-tune\"}]}");
        HttpResponse<String> refused = call("POST", "/v1/chat/completions",
                "{\"model\":\"ledger-unpriced\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}", key);
        assertThat(refused.statusCode()).isEqualTo(400);
        receipts.add(new BigDecimal(refused.headers().firstValue("X-Gateway-Cost-USD").orElseThrow()));

        long sum = receipts.stream().reduce(BigDecimal.ZERO, BigDecimal::add).movePointRight(6).longValueExact();
        // The cut-short stream: 13 prompt tokens (o200k_base, as above) + "One, two" (3 tokens): 13 x 0.15 + 3 x 0.60 = 3.75, rounded up.
        assertThat(sum).isEqualTo(368 + 368 + 4 + 622);
        JsonNode byModel = adminOk("GET", "/admin/usage?tenant=ledger-mix&group_by=model", null);
        assertThat(byModel.at("/total/usd_micros").asLong()).isEqualTo(sum);
        assertThat(byModel.at("/total/cost_usd").decimalValue()).isEqualByComparingTo(tenantUsd("ledger-mix"));
        assertThat(byModel.at("/total/requests").asLong()).isEqualTo(4).isEqualTo(
                adminOk("GET", "/admin/tenants/ledger-mix/usage", null).at("/day/requests").asLong());
        assertThat(byModel.at("/total/tokens").asLong()).isEqualTo(adminOk("GET", "/admin/tenants/ledger-mix/usage", null).at("/day/tokens").asLong());
        assertThat(byModel.path("data")).hasSize(2);
        JsonNode ollama = byModel.path("data").get(0);
        assertThat(ollama.path("provider").asText() + "/" + ollama.path("model").asText()).isEqualTo("ollama/llama3.2");
        assertThat(ollama.path("input_tokens").asLong()).isEqualTo(26);
        assertThat(ollama.path("output_tokens").asLong()).isEqualTo(298);
        JsonNode openai = byModel.path("data").get(1);
        assertThat(openai.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(openai.path("requests").asLong()).isEqualTo(3);
        assertThat(openai.path("estimated_requests").asLong()).isEqualTo(1);
        assertThat(openai.path("cache_read_tokens").asLong()).isEqualTo(3000);
        assertThat(openai.path("reasoning_tokens").asLong()).isEqualTo(100);

        JsonNode byKey = adminOk("GET", "/admin/usage?tenant=ledger-mix&group_by=key", null);
        assertThat(byKey.path("data")).singleElement().satisfies(row -> {
            assertThat(row.path("key").asText()).isEqualTo(keyId);
            assertThat(row.path("usd_micros").asLong()).isEqualTo(sum);
        });
        HttpResponse<String> csv = admin("GET", "/admin/usage?tenant=ledger-mix&group_by=day&format=csv", null);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        String[] rows = csv.body().split("\r\n");
        assertThat(rows).hasSize(2);
        assertThat(rows[1]).endsWith("," + BigDecimal.valueOf(sum, 6).toPlainString());

        HttpResponse<String> bad = admin("GET", "/admin/usage?tenant=ledger-mix&group_by=month", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.tree(bad.body()).at("/error/param").asText()).isEqualTo("group_by");
        assertThat(call("GET", "/admin/usage?tenant=ledger-mix", null, key).statusCode()).isEqualTo(401);
    }

    @Test
    void aModelWithoutAPriceIsCountedAndRefusedToATenantWithAUsdCap() throws Exception {
        adminOk("PUT", "/admin/routes/private-model", "{\"targets\":[{\"provider\":\"openai\",\"model\":\"my-fine-tune\"}]}");
        OPENAI.on(OPENAI_PATH, echoModel());
        String capped = tenantWithKey("usd-capped", "{\"usd_per_day\":10}");
        HttpResponse<String> refused = call("POST", "/v1/chat/completions",
                "{\"model\":\"private-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}", capped);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(Json.tree(refused.body()).at("/error/code").asText()).isEqualTo("model_unpriced");
        assertThat(refused.headers().firstValue("X-Gateway-Cost-USD")).contains("0.000000");

        String free = tenantWithKey("token-capped", "{\"tokens_per_day\":100000}");
        PrometheusText before = PrometheusText.parse(call("GET", "/actuator/prometheus", null, SCRAPE_TOKEN).body());
        HttpResponseFor<ChatCompletion> served = sdk(free).chat().completions().withRawResponse().create(hello("private-model"));
        assertThat(served.headers().values("X-Gateway-Cost-USD")).containsExactly("0.000000");
        Map<String, String> label = Map.of("model", "my-fine-tune");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                PrometheusText.parse(call("GET", "/actuator/prometheus", null, SCRAPE_TOKEN).body()).value("gateway_unpriced_requests_total", label)
                        - before.value("gateway_unpriced_requests_total", label)).isEqualTo(1));
    }
}
