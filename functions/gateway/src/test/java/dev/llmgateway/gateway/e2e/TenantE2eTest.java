package dev.llmgateway.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.sun.net.httpserver.HttpExchange;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.gateway.GatewayApplication;
import dev.llmgateway.gateway.testing.PrometheusText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the end-to-end tests of routing, keys and budgets: the gateway as deployed
 * ({@code GATEWAY_AUTH=keys}), the in-memory stores, and fakes for OpenAI and Ollama. Tenants, keys
 * and routes are created through the admin API, as an operator would: {@code /admin/...} paths go
 * to the admin application started beside the gateway on the same stores ({@link AdminBeside}).
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
abstract class TenantE2eTest {
    static final FakeUpstream OPENAI = new FakeUpstream();
    static final FakeUpstream OLLAMA = new FakeUpstream();
    static final FakeUpstream ANTHROPIC = new FakeUpstream();
    static final FakeUpstream GEMINI = new FakeUpstream();
    static final FakeUpstream BEDROCK = new FakeUpstream();
    static {
        GatewayE2eTest.awsTestCredentials();
    }
    static final String ADMIN_KEY = "admin-test-key";
    static final String SCRAPE_TOKEN = "scrape-test-token";
    static final String OPENAI_PATH = "/v1/chat/completions";
    static final String OLLAMA_PATH = "/api/chat";

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        registry.add("OPENAI_API_KEY", () -> "sk-upstream-test");
        registry.add("OPENAI_BASE_URL", () -> OPENAI.baseUrl() + "/v1");
        registry.add("OLLAMA_BASE_URL", OLLAMA::baseUrl);
        registry.add("ANTHROPIC_API_KEY", () -> "sk-ant-upstream-test");
        registry.add("ANTHROPIC_BASE_URL", ANTHROPIC::baseUrl);
        registry.add("GEMINI_API_KEY", () -> "gemini-upstream-test");
        registry.add("GEMINI_BASE_URL", GEMINI::baseUrl);
        registry.add("BEDROCK_ENABLED", () -> "true");
        registry.add("AWS_REGION", () -> "us-east-1");
        registry.add("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", BEDROCK::baseUrl);
        registry.add("GATEWAY_AUTH", () -> "keys");
        registry.add("ADMIN_API_KEY", () -> ADMIN_KEY);
        registry.add("METRICS_SCRAPE_TOKEN", () -> SCRAPE_TOKEN);
        registry.add("CIRCUIT_FAILURE_THRESHOLD", () -> 1000); // each test starts with healthy targets
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext gateway;

    String baseUrl() {
        return "http://localhost:" + port;
    }

    OpenAIClient sdk(String apiKey) {
        return OpenAIOkHttpClient.builder().baseUrl(baseUrl() + "/v1").apiKey(apiKey).maxRetries(0).build();
    }

    HttpResponse<String> admin(String method, String path, String body) throws IOException, InterruptedException {
        return call(method, path, body, ADMIN_KEY);
    }

    /** The admin call's JSON, failing the test unless it succeeded. */
    JsonNode adminOk(String method, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = admin(method, path, body);
        if (response.statusCode() / 100 != 2) throw new AssertionError(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        return Json.tree(response.body());
    }

    HttpResponse<String> call(String method, String path, String body, String bearer) throws IOException, InterruptedException {
        String base = path.startsWith("/admin") ? AdminBeside.baseUrl(gateway) : baseUrl();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) request.header("Authorization", "Bearer " + bearer);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A tenant with the given budget JSON (or none) and a fresh key for it; returns the key. */
    String tenantWithKey(String id, String budget) throws IOException, InterruptedException {
        adminOk("PUT", "/admin/tenants/" + id, "{\"name\":\"" + id + "\"" + (budget == null ? "" : ",\"budget\":" + budget) + "}");
        return adminOk("POST", "/admin/tenants/" + id + "/keys", "{\"name\":\"test\"}").get("key").asText();
    }

    /** An OpenAI answer that echoes the upstream model it was asked for, with a fixed usage of 20 + 9 tokens. */
    static FakeUpstream.Script echoModel() {
        return exchange -> answer(exchange, Json.tree((byte[]) exchange.getAttribute(FakeUpstream.BODY)).get("model").asText());
    }

    static void answer(HttpExchange exchange, String model) throws IOException {
        byte[] body = ("""
                {"id":"chatcmpl-1","object":"chat.completion","created":1741569952,"model":"%s",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hi from %s","refusal":null},"logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":20,"completion_tokens":9,"total_tokens":29}}""".formatted(model, model))
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    /** The Prometheus scrape, with the scrape token keys mode asks for. */
    PrometheusText scrape() throws Exception {
        HttpResponse<String> response = call("GET", "/actuator/prometheus", null, SCRAPE_TOKEN);
        org.assertj.core.api.Assertions.assertThat(response.statusCode()).isEqualTo(200);
        return PrometheusText.parse(response.body());
    }

    /** Metering closes just after the client has its response: wait for the counter to move by {@code delta}. */
    void awaitDelta(PrometheusText before, String name, java.util.Map<String, String> labels, double delta) {
        double start = before.value(name, labels);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).pollInterval(java.time.Duration.ofMillis(50))
                .untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(scrape().value(name, labels) - start)
                        .as("%s%s", name, labels).isCloseTo(delta, org.assertj.core.api.Assertions.within(1e-9)));
    }
}
