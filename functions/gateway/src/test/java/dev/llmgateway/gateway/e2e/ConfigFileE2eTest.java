package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.llmgateway.core.configfile.ConfigError;
import dev.llmgateway.core.json.Json;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway configured by a {@code gateway.yaml}: a provider declared in the file alone is called
 * through the gateway with the official SDK, its key comes from a {@code ${VARIABLE}} reference, the
 * file's routes are served (and listed only when servable), and a broken file stops the start.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConfigFileE2eTest {
    private static final FakeUpstream VLLM = new FakeUpstream();
    private static final Path FILE = writeConfig();

    private static Path writeConfig() {
        try {
            Path file = Files.createTempFile("gateway", ".yaml");
            Files.writeString(file, """
                    providers:
                      - name: vllm
                        base_url: %s/v1
                        api_key: ${VLLM_TOKEN}
                        models: [Qwen/Qwen3-8B]
                    routes:
                      - model: chat-default
                        targets: [{provider: vllm, model: Qwen/Qwen3-8B}]
                      - model: groq-only
                        targets: [{provider: groq, model: llama-3.3-70b-versatile}]
                    defaults:
                      upstream_timeout_ms: 20000
                    """.formatted(VLLM.baseUrl()));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        registry.add("GATEWAY_CONFIG", FILE::toString);
        registry.add("VLLM_TOKEN", () -> "vllm-secret-token");
        registry.add("OLLAMA_ENABLED", () -> "false");
    }

    @AfterAll
    static void stop() {
        VLLM.close();
    }

    @LocalServerPort
    int port;

    private ChatCompletion ask(String model) {
        return OpenAIOkHttpClient.builder().baseUrl("http://localhost:" + port + "/v1").apiKey("any").maxRetries(0).build()
                .chat().completions().create(ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").build());
    }

    @Test
    void aProviderDeclaredInTheFileAloneServesThroughTheGateway() {
        VLLM.on("/v1/chat/completions", json(200, Fixtures.text("openai/plain/upstream-response.json")));

        assertThat(ask("vllm/Qwen/Qwen3-8B").choices().getFirst().message().content()).contains("Hello! How can I assist you today?");
        assertThat(VLLM.last().headers()).containsEntry("authorization", "Bearer vllm-secret-token");
        assertThat(Json.tree(VLLM.last().bodyText()).path("model").asText()).isEqualTo("Qwen/Qwen3-8B");

        ask("chat-default"); // the file's route
        assertThat(Json.tree(VLLM.last().bodyText()).path("model").asText()).isEqualTo("Qwen/Qwen3-8B");
    }

    @Test
    void modelsListsOnlyWhatCanBeServed() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/v1/models")).GET().build(), HttpResponse.BodyHandlers.ofString());
        List<String> ids = new ArrayList<>();
        for (JsonNode model : Json.tree(response.body()).path("data")) ids.add(model.path("id").asText());
        assertThat(ids).contains("chat-default", "vllm/Qwen/Qwen3-8B")
                .as("a route whose only target's provider (groq) is not enabled is not listed").doesNotContain("groq-only");
    }

    @Test
    void aBrokenFileStopsTheStartNamingTheFileAndThePath() throws IOException {
        Path broken = Files.createTempFile("gateway-broken", ".yaml");
        Files.writeString(broken, "providers:\n  - name: groq\n  - name: vllm\n    base_url: not a url\n");
        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class)
                .properties("GATEWAY_CONFIG=" + broken, "server.port=0", "OLLAMA_ENABLED=false").run().close())
                .hasRootCauseInstanceOf(ConfigError.class)
                .rootCause().hasMessage(broken + ": providers[1].base_url: must be an http(s) URL without query or "
                        + "credentials, e.g. https://api.example.com/v1");
    }
}
