package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.tenant.ApiKeys;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import dev.llmgateway.gateway.GatewayApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tenants and key hashes from {@code gateway.yaml}, with {@code GATEWAY_AUTH=keys} and no admin API:
 * the file's key is accepted and selects its tenant, whose budget applies; any other key gets 401.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConfigFileTenantsE2eTest {
    private static final FakeUpstream OPENAI = new FakeUpstream();
    private static final String KEY = "sk-gw-" + "k".repeat(40);
    private static final String TINY_KEY = "sk-gw-" + "t".repeat(40);
    private static final Path FILE = writeConfig();

    private static Path writeConfig() {
        ApiKeys keys = new ApiKeys(null);
        try {
            Path file = Files.createTempFile("gateway-tenants", ".yaml");
            Files.writeString(file, """
                    tenants:
                      - id: acme
                        budget: {tokens_per_day: 1000000}
                        keys: [{name: ci, hash: %s}]
                      - id: tiny
                        budget: {tokens_per_day: 10}
                        keys: [{hash: %s}]
                    """.formatted(keys.hash(KEY), keys.hash(TINY_KEY)));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        registry.add("GATEWAY_CONFIG", FILE::toString);
        registry.add("GATEWAY_AUTH", () -> "keys");
        registry.add("OPENAI_API_KEY", () -> "sk-upstream-test");
        registry.add("OPENAI_BASE_URL", () -> OPENAI.baseUrl() + "/v1");
        registry.add("OLLAMA_ENABLED", () -> "false");
    }

    @AfterAll
    static void stop() {
        OPENAI.close();
    }

    @LocalServerPort
    int port;

    private HttpResponse<String> chat(String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"max_tokens\":50,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"));
        if (key != null) request.header("Authorization", "Bearer " + key);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theFilesKeyIsServedAndAnyOtherKeyIsRefused() throws Exception {
        OPENAI.on("/v1/chat/completions", json(200, Fixtures.text("openai/plain/upstream-response.json")));

        assertThat(chat(KEY).statusCode()).isEqualTo(200);
        for (String other : new String[] {null, "sk-gw-" + "x".repeat(40), "any-key"}) {
            HttpResponse<String> refused = chat(other);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(Json.tree(refused.body()).path("error").path("code").asText()).isEqualTo("invalid_api_key");
        }
    }

    @Test
    void theFilesBudgetAppliesToItsTenant() throws Exception {
        OPENAI.on("/v1/chat/completions", json(200, Fixtures.text("openai/plain/upstream-response.json")));
        int callsBefore = OPENAI.received().size();

        HttpResponse<String> refused = chat(TINY_KEY);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(Json.tree(refused.body()).path("error").path("code").asText()).isEqualTo("budget_exceeded");
        assertThat(OPENAI.received()).as("refused before the upstream").hasSize(callsBefore);
    }
}
