package dev.llmgateway.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.budget.Estimate;
import dev.llmgateway.core.testing.FakeUpstream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Finding 1 of the hostile probe, end to end: an upstream that reports negative usage credited the
 * tenant's budget (−50,000,250 tokens after 50 requests), after which 200 parallel requests were
 * all served on a 1,000-token cap. Usage is now a number from outside, checked at settlement.
 */
class UpstreamUsageE2eTest extends TenantE2eTest {
    private static final String BODY = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
    private static final long ESTIMATE = Estimate.of(ChatRequest.parse(BODY.getBytes(StandardCharsets.UTF_8)), Estimate.Settings.DEFAULTS).tokens();

    /** An OpenAI answer whose usage is {@code usage} (JSON), as a broken or hostile upstream might send it. */
    static FakeUpstream.Script answering(String usage) {
        return exchange -> send(exchange, """
                {"id":"chatcmpl-1","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],
                 "usage":%s}""".formatted(usage));
    }

    private static void send(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    @Test
    void negativeUpstreamUsageNeverCreditsTheBudgetAndTwoHundredParallelRequestsDoNotAllFitAThousandTokenCap() throws Exception {
        String key = tenantWithKey("negative", null);
        OPENAI.on(OPENAI_PATH, answering("{\"prompt_tokens\":-1000000,\"completion_tokens\":-5,\"total_tokens\":-1000005}"));
        for (int i = 0; i < 50; i++) assertThat(call("POST", "/v1/chat/completions", BODY, key).statusCode()).isEqualTo(200);
        long afterFifty = adminOk("GET", "/admin/tenants/negative/usage", null).at("/day/tokens").asLong();
        assertThat(afterFifty).as("each request is charged its reservation; the counter was -50,000,250").isEqualTo(50 * ESTIMATE);

        // 1,000 more tokens allowed today, then 200 requests at once.
        adminOk("PUT", "/admin/tenants/negative/budget", "{\"tokens_per_day\":" + (afterFifty + 1_000) + "}");
        List<Integer> statuses = parallel(200, () -> call("POST", "/v1/chat/completions", BODY, key).statusCode());
        long served = statuses.stream().filter(s -> s == 200).count();
        assertThat(statuses).allMatch(s -> s == 200 || s == 429);
        assertThat(served).as("served: only what fits in 1,000 tokens (was: all 200)").isEqualTo(1_000 / ESTIMATE);
        JsonNode day = adminOk("GET", "/admin/tenants/negative/usage", null).get("day");
        assertThat(day.get("tokens").asLong()).isLessThanOrEqualTo(afterFifty + 1_000);
        assertThat(day.get("requests").asLong()).isEqualTo(50 + served);

        String metrics = call("GET", "/actuator/prometheus", null, SCRAPE_TOKEN).body();
        assertThat(metrics).containsPattern("gateway_provider_protocol_errors_total\\{kind=\"negative\",provider=\"openai\"[^}]*} (\\d+)");
        assertThat(metrics).doesNotContainPattern("gateway_tokens_total\\{[^}]*} -");
    }

    @Test
    void aStreamWhoseFinalUsageIsNotANumberIsChargedItsReservation() throws Exception {
        String key = tenantWithKey("unreadable", "{\"tokens_per_day\":100000}");
        OPENAI.on(OPENAI_PATH, FakeUpstream.stream("text/event-stream", List.of(
                "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}\n\n".getBytes(StandardCharsets.UTF_8),
                "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":1.5,\"completion_tokens\":\"abc\"}}\n\n".getBytes(StandardCharsets.UTF_8),
                "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8)), 0));
        String stream = BODY.replace("\"max_tokens\":10", "\"max_tokens\":10,\"stream\":true");
        assertThat(call("POST", "/v1/chat/completions", stream, key).body()).contains("[DONE]");
        assertThat(adminOk("GET", "/admin/tenants/unreadable/usage", null).at("/day/tokens").asLong()).isEqualTo(ESTIMATE);
    }

    @Test
    void absurdUpstreamUsageIsChargedAtMostTheSaneBound() throws Exception {
        String key = tenantWithKey("absurd", null);
        OPENAI.on(OPENAI_PATH, answering("{\"prompt_tokens\":1e20,\"completion_tokens\":5}"));
        assertThat(call("POST", "/v1/chat/completions", BODY, key).statusCode()).isEqualTo(200);
        assertThat(adminOk("GET", "/admin/tenants/absurd/usage", null).at("/day/tokens").asLong())
                .as("UPSTREAM_MAX_USAGE_TOKENS (2,500,000) + 5, not 1e20 nor a wrapped int").isEqualTo(2_500_005);
    }

    interface Call<T> {
        T call() throws Exception;
    }

    static <T> List<T> parallel(int n, Call<T> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) results.add(f.get());
            return results;
        }
    }
}
