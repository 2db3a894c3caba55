package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.store.Stores;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.MutableClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * Rate limits through the gateway, in memory: exact admission under 200 parallel requests, OpenAI's
 * headers and retry hints as the official SDK reads them, tokens settled to the served usage, and
 * concurrency slots freed on every ending. The clock is the test's, so minutes pass without waiting.
 */
@Import(RateLimitE2eTest.TestClock.class)
class RateLimitE2eTest extends TenantE2eTest {
    static final Instant START = Instant.parse("2026-01-05T10:00:30Z");
    static final MutableClock CLOCK = new MutableClock(START);

    @TestConfiguration
    static class TestClock {
        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }
    }

    @Autowired
    Stores stores;
    @Autowired
    MeterRegistry registry;

    @BeforeEach
    void startOfTest() {
        CLOCK.set(START);
    }

    /** A tenant with the given limits and a fresh key for it; returns the key. */
    String limitedTenant(String id, String limits) throws Exception {
        adminOk("PUT", "/admin/tenants/" + id, "{\"name\":\"" + id + "\",\"limits\":" + limits + "}");
        return adminOk("POST", "/admin/tenants/" + id + "/keys", "{}").get("key").asText();
    }

    static String body(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
    }

    HttpRequest chat(String key, String body) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + OPENAI_PATH)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    double rateLimited(String scope, String limit) {
        Counter c = registry.find("gateway.rate.limited").tags("scope", scope, "limit", limit).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void twoHundredParallelRequestsAgainstFiftyPerMinuteAdmitExactlyFiftyAndRefuseTheRestWithOpenAisHeaders() throws Exception {
        String key = limitedTenant("rpm50", "{\"requests_per_minute\":50}");
        OPENAI.on(OPENAI_PATH, echoModel());
        double refusedBefore = rateLimited("tenant", "requests");
        int upstreamBefore = OPENAI.received().size();

        List<HttpResponse<String>> responses;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            HttpClient http = HttpClient.newBuilder().executor(threads).build();
            List<CompletableFuture<HttpResponse<String>>> sent = IntStream.range(0, 200)
                    .mapToObj(i -> http.sendAsync(chat(key, body("gpt-4o", false)), HttpResponse.BodyHandlers.ofString())).toList();
            responses = sent.stream().map(CompletableFuture::join).toList();
        }

        List<HttpResponse<String>> admitted = responses.stream().filter(r -> r.statusCode() == 200).toList();
        List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(admitted).hasSize(50);
        assertThat(refused).hasSize(150);
        Set<String> remaining = new HashSet<>();
        for (HttpResponse<String> r : admitted) {
            assertThat(r.headers().firstValue("x-ratelimit-limit-requests")).contains("50");
            assertThat(r.headers().firstValue("x-ratelimit-reset-requests")).contains("30s");
            remaining.add(r.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());
        }
        assertThat(remaining).as("each admitted request saw its own count").isEqualTo(
                new HashSet<>(IntStream.range(0, 50).mapToObj(Integer::toString).toList()));
        for (HttpResponse<String> r : refused) {
            assertThat(r.headers().firstValue("x-ratelimit-limit-requests")).contains("50");
            assertThat(r.headers().firstValue("x-ratelimit-remaining-requests")).contains("0");
            assertThat(r.headers().firstValue("x-ratelimit-reset-requests")).contains("30s");
            assertThat(r.headers().firstValue("retry-after")).contains("30");
            assertThat(r.headers().firstValue("retry-after-ms")).contains("30000");
            assertThat(r.headers().firstValue("x-should-retry")).contains("true");
            JsonNode error = Json.tree(r.body()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
            assertThat(error.get("type").asText()).isEqualTo("requests");
            assertThat(error.get("message").asText()).contains("requests per minute").contains("limit 50");
        }
        // Counted from each request's record, which closes once its response has been flushed.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(rateLimited("tenant", "requests") - refusedBefore).isEqualTo(150));
        assertThat(OPENAI.received().size() - upstreamBefore).as("refused requests never reach the provider").isEqualTo(50);

        CLOCK.advance(Duration.ofSeconds(30)); // the next minute
        HttpResponse<String> next = HttpClient.newHttpClient().send(chat(key, body("gpt-4o", false)), HttpResponse.BodyHandlers.ofString());
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.headers().firstValue("x-ratelimit-remaining-requests")).contains("49");
        assertThat(next.headers().firstValue("x-ratelimit-reset-requests")).contains("1m0s");
    }

    @Test
    void theOfficialSdkRetriesARateLimitAsItsHeadersSayAndNeverABudgetCap() throws Exception {
        OPENAI.on(OPENAI_PATH, echoModel());
        CLOCK.set(Instant.parse("2026-01-05T10:00:59.995Z")); // the minute resets in 5 ms: the SDK waits retry-after-ms
        String limited = limitedTenant("sdk-retry", "{\"requests_per_minute\":1}");
        String capped = tenantWithKey("sdk-budget", "{\"tokens_per_day\":1}");
        sdk(limited).chat().completions().create(hello());
        try (FakeUpstream proxy = countingProxy()) {
            OpenAIClient retrying = OpenAIOkHttpClient.builder().baseUrl(proxy.baseUrl() + "/v1").apiKey(limited).maxRetries(2).build();
            assertThatThrownBy(() -> retrying.chat().completions().create(hello())).isInstanceOfSatisfying(RateLimitException.class, e -> {
                assertThat(e.code()).contains("rate_limit_exceeded");
                assertThat(e.headers().values("x-ratelimit-reset-requests")).containsExactly("5ms");
            });
            assertThat(proxy.received()).as("the SDK honoured x-should-retry: true twice")
                    .extracting(r -> r.headers().get("x-stainless-retry-count")).containsExactly("0", "1", "2");

            int before = proxy.received().size();
            OpenAIClient budgeted = OpenAIOkHttpClient.builder().baseUrl(proxy.baseUrl() + "/v1").apiKey(capped).maxRetries(2).build();
            assertThatThrownBy(() -> budgeted.chat().completions().create(hello()))
                    .isInstanceOfSatisfying(RateLimitException.class, e -> assertThat(e.code()).contains("budget_exceeded"));
            assertThat(proxy.received().size() - before).as("x-should-retry: false stops the SDK").isEqualTo(1);
        }
    }

    @Test
    void tokensPerMinuteAreSettledToTheServedUsageOfStreamsAndCompletions() throws Exception {
        String key = limitedTenant("tpm", "{\"tokens_per_minute\":1000000}");
        long served = 0;
        for (int i = 0; i < 5; i++) {
            int completion = 11 * i + 3;
            OPENAI.on(OPENAI_PATH, streamWithUsage(7, completion));
            try (StreamResponse<ChatCompletionChunk> stream = sdk(key).chat().completions().createStreaming(hello())) {
                assertThat(stream.stream().count()).isPositive();
            }
            served += 7 + completion;
        }
        assertThat(stores.limits().get("tenant:tpm").tokens()).as("the estimates were replaced by the streams' usage").isEqualTo(served);

        OPENAI.on(OPENAI_PATH, echoModel()); // 20 + 9 tokens
        HttpClient http = HttpClient.newHttpClient();
        long first = remainingTokens(http.send(chat(key, body("gpt-4o", false)), HttpResponse.BodyHandlers.ofString()));
        long second = remainingTokens(http.send(chat(key, body("gpt-4o", false)), HttpResponse.BodyHandlers.ofString()));
        assertThat(first - second).as("between two equal requests only the first one's real usage remains counted").isEqualTo(29);
        assertThat(stores.limits().get("tenant:tpm").tokens()).isEqualTo(served + 58);
    }

    @Test
    void theConcurrencyLimitHoldsAndIsFreedOnDisconnectAndOnUpstreamErrors() throws Exception {
        String key = limitedTenant("conc", "{\"max_concurrent_requests\":1}");
        CountDownLatch aborted = new CountDownLatch(1);
        OPENAI.on(OPENAI_PATH, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                for (int i = 0; i < 10_000; i++) { // until the gateway hangs up, after its client did
                    out.write(chunk("tok" + i));
                    out.flush();
                    TimeUnit.MILLISECONDS.sleep(10);
                }
            } catch (IOException e) {
                aborted.countDown();
            }
        });
        HttpClient http = HttpClient.newHttpClient();
        double before = rateLimited("tenant", "concurrent");
        HttpResponse<InputStream> open = http.send(chat(key, body("gpt-4o", true)), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = open.body()) {
            assertThat(new String(in.readNBytes(20), StandardCharsets.UTF_8)).startsWith("data: ");
            HttpResponse<String> second = http.send(chat(key, body("gpt-4o", false)), HttpResponse.BodyHandlers.ofString());
            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(Json.tree(second.body()).at("/error/message").asText()).contains("in flight");
            assertThat(second.headers().firstValue("x-should-retry")).contains("true");
            assertThat(second.headers().firstValue("retry-after")).contains("1");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(rateLimited("tenant", "concurrent") - before).isEqualTo(1));
        assertThat(aborted.await(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stores.limits().get("tenant:conc").inflight()).isZero());

        OPENAI.on(OPENAI_PATH, json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"));
        HttpResponse<String> failed = http.send(chat(key, body("gpt-4o", false)), HttpResponse.BodyHandlers.ofString());
        assertThat(failed.statusCode()).isGreaterThanOrEqualTo(500);
        assertThat(stores.limits().get("tenant:conc").inflight()).as("freed before the error was answered").isZero();

        OPENAI.on(OPENAI_PATH, FakeUpstream.stream("text/event-stream", List.of(chunk("Hi"),
                "data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}\n\n".getBytes(StandardCharsets.UTF_8)), 0));
        HttpResponse<String> brokenStream = http.send(chat(key, body("gpt-4o", true)), HttpResponse.BodyHandlers.ofString());
        assertThat(brokenStream.body()).contains("overloaded");
        assertThat(stores.limits().get("tenant:conc").inflight()).as("freed when a stream fails after its first chunk").isZero();

        OPENAI.on(OPENAI_PATH, echoModel());
        assertThat(http.send(chat(key, body("gpt-4o", false)), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void aKeysOwnLimitAppliesUnderItsTenantsAndTheTightestIsShown() throws Exception {
        OPENAI.on(OPENAI_PATH, echoModel());
        adminOk("PUT", "/admin/tenants/nested", "{\"limits\":{\"requests_per_minute\":100},\"model_limits\":{\"gpt-4o\":{\"tokens_per_minute\":100000}}}");
        String key = adminOk("POST", "/admin/tenants/nested/keys", "{\"limits\":{\"requests_per_minute\":2}}").get("key").asText();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> first = http.send(chat(key, body("gpt-4o", false)), HttpResponse.BodyHandlers.ofString());
        assertThat(first.headers().firstValue("x-ratelimit-limit-requests")).contains("2");
        assertThat(first.headers().firstValue("x-ratelimit-limit-tokens")).contains("100000");
        http.send(chat(key, body("gpt-4o", false)), HttpResponse.BodyHandlers.ofString());
        double before = rateLimited("key", "requests");
        assertThat(http.send(chat(key, body("gpt-4o", false)), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(429);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(rateLimited("key", "requests") - before).isEqualTo(1));
        assertThat(stores.limits().get("tenant:nested").requests()).as("the refused request was taken back from the tenant").isEqualTo(2);
    }

    private static long remainingTokens(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        return Long.parseLong(response.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());
    }

    private static ChatCompletionCreateParams hello() {
        return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Hello").maxCompletionTokens(500).build();
    }

    static byte[] chunk(String text) {
        return ("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A stream whose final chunk reports {@code prompt} + {@code completion} tokens, as OpenAI's does with include_usage. */
    static FakeUpstream.Script streamWithUsage(int prompt, int completion) {
        String usage = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion) + "}}\n\n";
        return FakeUpstream.stream("text/event-stream", List.of(chunk("Hi"),
                ("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n")
                        .getBytes(StandardCharsets.UTF_8),
                usage.getBytes(StandardCharsets.UTF_8), "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8)), 0);
    }

    /** A loopback proxy in front of the gateway that records every attempt the SDK makes. */
    FakeUpstream countingProxy() {
        FakeUpstream proxy = new FakeUpstream();
        proxy.on(OPENAI_PATH, exchange -> {
            HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + OPENAI_PATH))
                    .header("Content-Type", "application/json")
                    .header("Authorization", exchange.getRequestHeaders().getFirst("Authorization"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray((byte[]) exchange.getAttribute(FakeUpstream.BODY))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            answer.headers().map().forEach((name, values) -> {
                if (!Set.of("content-length", "transfer-encoding", "connection", "date").contains(name.toLowerCase())) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
            exchange.getResponseBody().write(answer.body());
        });
        return proxy;
    }
}
