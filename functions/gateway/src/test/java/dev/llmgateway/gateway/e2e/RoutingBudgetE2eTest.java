package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.budget.Estimate;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Keys, routes with failover, downgrades and budget caps, through the gateway with the OpenAI SDK. */
class RoutingBudgetE2eTest extends TenantE2eTest {

    private static ChatCompletionCreateParams hello(String model, long maxTokens) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").maxCompletionTokens(maxTokens).build();
    }

    @Test
    void aWrongOrMissingKeyIs401InOpenAisEnvelope() throws Exception {
        assertThatThrownBy(() -> sdk("sk-gw-not-a-key").chat().completions().create(hello("gpt-4o", 10)))
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.code()).contains("invalid_api_key"));
        HttpResponse<String> raw = call("POST", "/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}", null);
        assertThat(raw.statusCode()).isEqualTo(401);
        JsonNode error = Json.tree(raw.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
        assertThat(error.has("param")).isTrue();
    }

    @Test
    void aCreatedKeyIsShownOnceAndOnlyItsHashIsListed() throws Exception {
        String key = tenantWithKey("keyed", null);
        assertThat(key).startsWith("sk-gw-");
        JsonNode listed = adminOk("GET", "/admin/tenants/keyed/keys", null);
        assertThat(listed.toString()).doesNotContain(key);
        assertThat(listed.at("/data/0/id").asText()).hasSize(64);
        assertThat(listed.at("/data/0/prefix").asText()).isEqualTo(key.substring(0, 10));

        OPENAI.on(OPENAI_PATH, echoModel());
        ChatCompletion completion = sdk(key).chat().completions().create(hello("gpt-4o-mini", 10));
        assertThat(completion.model()).isEqualTo("gpt-4o-mini");

        adminOk("DELETE", "/admin/tenants/keyed/keys/" + listed.at("/data/0/id").asText(), null);
        assertThatThrownBy(() -> sdk(key).chat().completions().create(hello("gpt-4o-mini", 10)))
                .as("a revoked key stops working (at once in this process)").isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void anAliasFailsOverFromAFailingProviderToTheNextTarget() throws Exception {
        String key = tenantWithKey("router", null);
        adminOk("PUT", "/admin/routes/chat-failover", """
                {"strategy":"model-prefix","targets":[{"provider":"openai","model":"gpt-4o-mini"},{"provider":"ollama","model":"llama3.2"}]}""");
        OPENAI.on(OPENAI_PATH, json(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
        OLLAMA.on(OLLAMA_PATH, json(200, Fixtures.text("ollama/plain/upstream-response.json")));

        HttpResponseFor<ChatCompletion> response = sdk(key).chat().completions().withRawResponse().create(hello("chat-failover", 64));
        assertThat(response.headers().values("X-Gateway-Provider")).containsExactly("ollama");
        ChatCompletion completion = response.parse();
        assertThat(completion.choices().getFirst().message().content()).contains("Rayleigh scattering.");
        assertThat(completion.model()).isEqualTo("llama3.2");
    }

    @Test
    void aStreamFailsOverBeforeItsFirstByteAndItsFinalUsageIsSettled() throws Exception {
        String key = tenantWithKey("streamer", "{\"tokens_per_day\":100000}");
        adminOk("PUT", "/admin/routes/stream-failover", """
                {"targets":[{"provider":"openai","model":"gpt-4o-mini"},{"provider":"ollama","model":"llama3.2"}]}""");
        OPENAI.on(OPENAI_PATH, json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
        OLLAMA.on(OLLAMA_PATH, FakeUpstream.stream("application/x-ndjson",
                FakeUpstream.events(Fixtures.text("ollama/stream/upstream-stream.txt"), "\n"), 0));
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = sdk(key).chat().completions().createStreaming(hello("stream-failover", 64))) {
            stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
        }
        assertThat(text.toString()).isEqualTo("Café ☕ — ok");
        JsonNode usage = adminOk("GET", "/admin/tenants/streamer/usage", null);
        assertThat(usage.at("/day/tokens").asLong()).as("12 prompt + 5 completion tokens from the stream's final usage").isEqualTo(17);
        assertThat(usage.at("/day/requests").asLong()).isEqualTo(1);
    }

    @Test
    void overTheSoftThresholdRequestsAreDowngradedAndSaySo() throws Exception {
        // Soft threshold 1% of 2,000 tokens = 20: the first request (29 tokens) puts the tenant over it.
        String key = tenantWithKey("thrifty", """
                {"tokens_per_day":2000,"soft_threshold_percent":1,"downgrade":{"gpt-4o":"gpt-4o-mini"}}""");
        OPENAI.on(OPENAI_PATH, echoModel());
        HttpResponseFor<ChatCompletion> first = sdk(key).chat().completions().withRawResponse().create(hello("gpt-4o", 50));
        assertThat(first.parse().model()).isEqualTo("gpt-4o");
        assertThat(first.headers().values("X-Gateway-Model-Downgraded")).isEmpty();

        HttpResponseFor<ChatCompletion> second = sdk(key).chat().completions().withRawResponse().create(hello("gpt-4o", 50));
        assertThat(second.headers().values("X-Gateway-Model-Downgraded")).containsExactly("gpt-4o->gpt-4o-mini");
        assertThat(second.parse().model()).as("the response names the model that served it").isEqualTo("gpt-4o-mini");
        assertThat(Json.tree(OPENAI.last().bodyText()).get("model").asText()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void atTheCapTheSdkGets429BudgetExceededAndIsToldNotToRetry() throws Exception {
        String key = tenantWithKey("capped", "{\"tokens_per_day\":100}");
        assertThatThrownBy(() -> sdk(key).chat().completions().create(hello("gpt-4o", 500)))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.code()).contains("budget_exceeded");
                    assertThat(e.headers().values("x-should-retry")).containsExactly("false");
                    assertThat(e.headers().values("retry-after")).isNotEmpty();
                });
        assertThat(adminOk("GET", "/admin/tenants/capped/usage", null).at("/day/tokens").asLong()).isZero();
    }

    @Test
    void sixtyFourParallelRequestsNeverOverspendANearlyExhaustedBudget() throws Exception {
        // Each request reserves its estimate (a few prompt tokens + 40 output) and is served 29 tokens.
        // The fake holds every request that reaches it until all 64 are either held there or refused,
        // so what was admitted while requests were in flight is counted, not only what was settled.
        String body = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":40,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
        long estimate = Estimate.of(ChatRequest.parse(body.getBytes(StandardCharsets.UTF_8)), Estimate.Settings.DEFAULTS).tokens();
        String key = tenantWithKey("crowded", "{\"tokens_per_day\":600}");
        AtomicInteger held = new AtomicInteger();
        AtomicInteger returned = new AtomicInteger(); // before the release: refused (or failed)
        CountDownLatch release = new CountDownLatch(1);
        OPENAI.on(OPENAI_PATH, exchange -> {
            held.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, "gpt-4o-mini");
        });
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(64)) {
            for (int i = 0; i < 64; i++) {
                Callable<Integer> task = () -> {
                    start.await();
                    int status = call("POST", "/v1/chat/completions", body, key).statusCode();
                    returned.incrementAndGet();
                    return status;
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            while (held.get() + returned.get() < 64) Thread.sleep(10); // every request has been decided
            assertThat((long) held.get() * estimate).as("tokens admitted while all were in flight, against the 600 cap")
                    .isLessThanOrEqualTo(600);
            assertThat(held.get()).as("as many as fit, and no more").isEqualTo((int) (600 / estimate));
            release.countDown();
            int ok = 0;
            for (Future<Integer> f : results) {
                int status = f.get();
                assertThat(status).isIn(200, 429);
                if (status == 200) ok++;
            }
            assertThat(ok).isEqualTo(held.get());
            JsonNode day = adminOk("GET", "/admin/tenants/crowded/usage", null).get("day");
            assertThat(day.get("tokens").asLong()).as("recorded usage equals the sum of served usages").isEqualTo(29L * ok);
            assertThat(day.get("requests").asLong()).isEqualTo(ok);
        } finally {
            release.countDown();
        }
    }

    @Test
    void changingARouteTakesEffectWithoutARestart() throws Exception {
        String key = tenantWithKey("mover", null);
        OPENAI.on(OPENAI_PATH, echoModel());
        adminOk("PUT", "/admin/routes/chat-default", "{\"targets\":[{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\"}]}");
        assertThat(sdk(key).chat().completions().create(hello("chat-default", 10)).model()).isEqualTo("gpt-4o-mini");
        adminOk("PUT", "/admin/routes/chat-default", "{\"targets\":[{\"provider\":\"openai\",\"model\":\"gpt-4.1-mini\"}]}");
        assertThat(sdk(key).chat().completions().create(hello("chat-default", 10)).model()).isEqualTo("gpt-4.1-mini");

        JsonNode models = Json.tree(call("GET", "/v1/models", null, key).body()).get("data");
        List<String> routed = new ArrayList<>();
        models.forEach(m -> { if (m.get("owned_by").asText().equals("gateway")) routed.add(m.get("id").asText()); });
        assertThat(routed).as("routes are listed as models clients can use").contains("chat-default");
    }

    @Test
    void theAdminApiNeedsItsKeyAndAnswersBadInputWithA400NamingTheField() throws Exception {
        assertThat(call("GET", "/admin/routes", null, "wrong").statusCode()).isEqualTo(401);
        assertThat(call("GET", "/admin/routes", null, null).statusCode()).isEqualTo(401);

        HttpResponse<String> bad = admin("PUT", "/admin/routes/x", "{\"strategy\":\"fastest\",\"targets\":[]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.tree(bad.body()).at("/error/param").asText()).isEqualTo("strategy");

        bad = admin("PUT", "/admin/routes/x", "{\"targets\":[{\"provider\":\"openai\",\"model\":\"m\",\"weight\":-1}]}");
        assertThat(Json.tree(bad.body()).at("/error/param").asText()).isEqualTo("targets[0].weight");

        bad = admin("PUT", "/admin/tenants/t1/budget", "{\"tokens_per_day\":\"lots\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.tree(bad.body()).at("/error/param").asText()).isEqualTo("budget.tokens_per_day");

        // Finding 9: an infinite amount was a 500, a route without targets was stored and then answered 404.
        bad = admin("PUT", "/admin/tenants/t1/budget", "{\"usd_per_day\": 1e999}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.tree(bad.body()).at("/error/param").asText()).isEqualTo("budget.usd_per_day");
        bad = admin("PUT", "/admin/routes/empty", "{\"targets\": []}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.tree(bad.body()).at("/error/code").asText()).isEqualTo("invalid_route");
        assertThat(admin("GET", "/admin/routes/empty", null).statusCode()).isEqualTo(404);

        assertThat(admin("POST", "/admin/tenants", "{\"id\":\"Bad Id\"}").statusCode()).isEqualTo(400);
        assertThat(admin("POST", "/admin/tenants", "{not json").statusCode()).isEqualTo(400);
        assertThat(admin("GET", "/admin/tenants/nobody", null).statusCode()).isEqualTo(404);
        adminOk("POST", "/admin/tenants", "{\"id\":\"twice\"}");
        assertThat(admin("POST", "/admin/tenants", "{\"id\":\"twice\"}").statusCode()).isEqualTo(409);

        adminOk("PUT", "/admin/routes/ollama/llama-alias", "{\"targets\":[{\"provider\":\"ollama\",\"model\":\"llama3.2\"}]}");
        assertThat(adminOk("GET", "/admin/routes/ollama/llama-alias", null).get("model").asText()).isEqualTo("ollama/llama-alias");
    }
}
