package dev.llmgateway.core.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.Provider;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every OpenAI-compatible row of the catalogue, built from its variables the way the gateway
 * builds it, against a loopback fake: the URL, the auth header and the body each provider's API
 * reference asks for, and the quirks each row declares.
 */
class OpenAiCompatibleProvidersTest {
    private final FakeUpstream fake = new FakeUpstream();

    @AfterEach
    void stop() {
        fake.close();
    }

    static Stream<ProviderRow> compatibleRows() {
        return Catalogue.ALL.stream().filter(r -> r.schema() == ApiSchema.OPENAI_CHAT && r != Catalogue.OPENAI);
    }

    /** The base path a provider's real base URL has (Groq's {@code /openai/v1}, Fireworks' {@code /inference/v1}, ...). */
    private static String basePath(ProviderRow row) {
        String real = row.defaultBaseUrl() == null ? "https://x/openai/v1" : row.defaultBaseUrl(); // Azure's v1 API
        return java.net.URI.create(real).getPath();
    }

    private Provider provider(ProviderRow row, Map<String, String> extra) {
        Map<String, String> vars = new HashMap<>();
        vars.put(row.keyVariable(), "key-" + row.name());
        vars.put(row.baseUrlVariable(), fake.baseUrl() + basePath(row));
        vars.putAll(extra);
        Env env = Env.of(vars);
        Provider provider = row.create(env, UpstreamHttp.fromEnv(env));
        assertThat(provider).as(row.name() + " is enabled by its key").isNotNull();
        return provider;
    }

    private static ChatRequest request(String json) {
        return ChatRequest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static ChatRequest hello(ProviderRow row, boolean stream) {
        return request("{\"model\":\"" + row.name() + "/m-1\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
    }

    private static void assertAuth(ProviderRow row, FakeUpstream.Received received) {
        if (row.auth() == AuthStyle.API_KEY) {
            assertThat(received.headers()).containsEntry("api-key", "key-" + row.name()).doesNotContainKey("authorization");
        } else {
            assertThat(received.headers()).containsEntry("authorization", "Bearer key-" + row.name());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compatibleRows")
    void bufferedCallGoesToTheProvidersPathWithItsAuthHeaderAndTheUpstreamModel(ProviderRow row) {
        String path = basePath(row) + "/chat/completions";
        fake.on(path, FakeUpstream.json(200, Fixtures.text("openai/plain/upstream-response.json")));

        Completion completion = provider(row, Map.of()).complete(hello(row, false), "m-1");

        FakeUpstream.Received received = fake.last();
        assertThat(received.path()).isEqualTo(path);
        assertAuth(row, received);
        JsonNode body = Json.tree(received.bodyText());
        assertThat(body.path("model").asText()).isEqualTo("m-1");
        assertThat(body.path("messages").path(0).path("content").asText()).isEqualTo("Hello");
        assertThat(completion.usage().totalTokens()).isEqualTo(29);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compatibleRows")
    void streamsAskForUsageOnlyWhereTheProviderTakesStreamOptions(ProviderRow row) throws Exception {
        String path = basePath(row) + "/chat/completions";
        fake.on(path, FakeUpstream.stream("text/event-stream",
                FakeUpstream.events(Fixtures.text("openai/stream/upstream-stream.txt"), "\n\n"), 0));
        List<String> chunks = new ArrayList<>();

        StreamResult result = provider(row, Map.of()).stream(hello(row, true), "m-1",
                json -> chunks.add(new String(json, StandardCharsets.UTF_8)));

        JsonNode body = Json.tree(fake.last().bodyText());
        assertThat(body.has("stream_options")).as("stream_options sent to " + row.name()).isEqualTo(row.quirks().streamUsage());
        assertThat(result.usage().totalTokens()).isEqualTo(13);
        assertThat(chunks).hasSize(3); // the usage chunk is metered, not shown: the client did not ask for it
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compatibleRows")
    void upstreamErrorsNameTheProvider(ProviderRow row) {
        fake.on(basePath(row) + "/chat/completions", FakeUpstream.json(429,
                "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit\",\"code\":\"rate_limit_exceeded\"}}",
                Map.of("Retry-After", "7")));
        assertThatThrownBy(() -> provider(row, Map.of()).complete(hello(row, false), "m-1"))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.getMessage()).isEqualTo("Provider '" + row.name() + "': slow down");
                    assertThat(e.retryAfter()).hasSeconds(7);
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compatibleRows")
    void offWithoutItsKeyAndThe404NamesTheKeyVariable(ProviderRow row) {
        Env none = Env.of(Map.of("GATEWAY_MODE", "deployed"));
        assertThat(row.create(none, UpstreamHttp.fromEnv(none))).isNull();
        assertThatThrownBy(() -> Catalogue.fromEnv(none, UpstreamHttp.fromEnv(none)).resolve(row.name() + "/m"))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.getMessage()).contains(row.keyVariable());
                });
    }

    @Test
    void everyProviderHasItsOwnVariablesAndAUniqueName() {
        assertThat(Catalogue.ALL).hasSize(15); // and the openai-compatible family, declared by configuration: 16
        assertThat(Catalogue.names()).doesNotHaveDuplicates().allMatch(ProviderRow::validName);
        compatibleRows().forEach(row -> {
            String prefix = row.name().toUpperCase();
            assertThat(row.keyVariable()).isEqualTo(prefix + "_API_KEY");
            assertThat(row.baseUrlVariable()).isEqualTo(prefix + "_BASE_URL");
            assertThat(row.modelsVariable()).isEqualTo(prefix + "_MODELS");
        });
    }

    @Test
    void modelsAreListedUnderANameThatRoutesToTheProvider() {
        Env env = Env.of(Map.of("GROQ_API_KEY", "k", "MISTRAL_API_KEY", "k",
                "MISTRAL_MODELS", "mistral-small-latest, open-mistral-nemo", "GATEWAY_MODE", "deployed"));
        ModelResolver resolver = Catalogue.fromEnv(env, UpstreamHttp.fromEnv(env));
        List<String> listed = resolver.providers().stream().flatMap(p -> p.models().stream()).toList();
        assertThat(listed).contains("groq/llama-3.3-70b-versatile", "mistral-small-latest", "mistral/open-mistral-nemo");
        for (String model : listed) {
            assertThat(resolver.resolve(model).provider().name()).as(model).isIn("groq", "mistral");
        }
        assertThat(resolver.resolve("groq/openai/gpt-oss-120b").model()).isEqualTo("openai/gpt-oss-120b");
    }

    // ---- declared quirks ----

    @Test
    void groqRefusesTheFieldsItAnswersWithA400ByName() {
        Provider groq = provider(Catalogue.GROQ, Map.of());
        assertUnsupported(groq, "{\"model\":\"groq/m\",\"logprobs\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "logprobs");
        assertUnsupported(groq, "{\"model\":\"groq/m\",\"logit_bias\":{\"50256\":-100},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "logit_bias");
        assertUnsupported(groq, "{\"model\":\"groq/m\",\"messages\":[{\"role\":\"system\",\"content\":\"s\"},"
                + "{\"role\":\"user\",\"name\":\"ann\",\"content\":\"x\"}]}", "messages[1].name");
        assertUnsupported(groq, "{\"model\":\"groq/m\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "n");
        assertThat(fake.received()).as("nothing refused reached Groq").isEmpty();
    }

    @Test
    void cerebrasRefusesPenaltiesAndParallelToolCalls() {
        Provider cerebras = provider(Catalogue.CEREBRAS, Map.of());
        assertUnsupported(cerebras, "{\"model\":\"m\",\"presence_penalty\":0.5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "presence_penalty");
        assertUnsupported(cerebras, "{\"model\":\"m\",\"parallel_tool_calls\":false,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "parallel_tool_calls");
        assertThat(fake.received()).isEmpty();
    }

    private static void assertUnsupported(Provider provider, String json, String param) {
        assertThatThrownBy(() -> provider.complete(request(json), "m"))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo(param);
                    assertThat(e.code()).isEqualTo("unsupported_parameter");
                    assertThat(e.getMessage()).contains(provider.name());
                });
    }

    @Test
    void mistralGetsItsOwnFieldNames() {
        fake.on("/v1/chat/completions", FakeUpstream.json(200, Fixtures.text("openai/plain/upstream-response.json")));
        provider(Catalogue.MISTRAL, Map.of()).complete(request("{\"model\":\"mistral-small-latest\",\"seed\":42,"
                + "\"max_completion_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), "mistral-small-latest");
        JsonNode body = Json.tree(fake.last().bodyText());
        assertThat(body.path("random_seed").asInt()).isEqualTo(42);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(body.has("seed")).isFalse();
        assertThat(body.has("max_completion_tokens")).isFalse();
    }

    @Test
    void azureDeploymentUrlsCarryTheApiVersionAndNameTheDeployment() {
        String path = "/openai/deployments/gpt-4o-prod/chat/completions";
        fake.on(path, FakeUpstream.json(200, Fixtures.text("openai/plain/upstream-response.json")));
        Provider azure = provider(Catalogue.AZURE, Map.of("AZURE_BASE_URL", fake.baseUrl(), "AZURE_API_VERSION", "2024-10-21"));

        azure.complete(request("{\"model\":\"azure/gpt-4o-prod\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), "gpt-4o-prod");

        FakeUpstream.Received received = fake.last();
        assertThat(received.path()).isEqualTo(path);
        assertThat(received.query()).isEqualTo("api-version=2024-10-21");
        assertThat(received.headers()).containsEntry("api-key", "key-azure").doesNotContainKey("authorization");
    }

    @Test
    void azureWithoutAnEndpointRefusesToStart() {
        Env env = Env.of(Map.of("AZURE_API_KEY", "k"));
        assertThatThrownBy(() -> Catalogue.AZURE.create(env, UpstreamHttp.fromEnv(env)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AZURE_BASE_URL");
    }

    @Test
    void reasoningContentDeltasArePassedOnAsSent() throws Exception {
        String reasoning = "data: {\"id\":\"r\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"deepseek-reasoner\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"reasoning_content\":\"Two plus two\"},"
                + "\"finish_reason\":null}]}\n\n";
        String answer = "data: {\"id\":\"r\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"deepseek-reasoner\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"4\",\"reasoning_content\":null},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":9,\"total_tokens\":14,"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":8}}}\n\ndata: [DONE]\n\n";
        fake.on("/chat/completions", FakeUpstream.stream("text/event-stream",
                List.of(reasoning.getBytes(StandardCharsets.UTF_8), answer.getBytes(StandardCharsets.UTF_8)), 0));
        List<String> chunks = new ArrayList<>();

        StreamResult result = provider(Catalogue.DEEPSEEK, Map.of()).stream(request(
                "{\"model\":\"deepseek-reasoner\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"2+2?\"}]}"),
                "deepseek-reasoner", json -> chunks.add(new String(json, StandardCharsets.UTF_8)));

        assertThat(Json.tree(chunks.getFirst()).at("/choices/0/delta/reasoning_content").asText()).isEqualTo("Two plus two");
        assertThat(result.usage().completionTokens()).isEqualTo(9);
        assertThat(result.finishReason()).isEqualTo("stop");
    }

    @Test
    void openRoutersKeepAliveCommentsAreSkipped() throws Exception {
        String stream = ": OPENROUTER PROCESSING\n\n" + Fixtures.text("openai/stream/upstream-stream.txt");
        fake.on("/api/v1/chat/completions", FakeUpstream.stream("text/event-stream", FakeUpstream.events(stream, "\n\n"), 0));
        List<String> chunks = new ArrayList<>();
        provider(Catalogue.OPENROUTER, Map.of()).stream(request("{\"model\":\"openrouter/anthropic/claude-sonnet-4\","
                + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), "anthropic/claude-sonnet-4",
                json -> chunks.add(new String(json, StandardCharsets.UTF_8)));
        assertThat(chunks).hasSize(3).allSatisfy(c -> assertThat(Json.tree(c).path("object").asText()).isEqualTo("chat.completion.chunk"));
        assertThat(Json.tree(fake.last().bodyText()).path("model").asText()).isEqualTo("anthropic/claude-sonnet-4");
    }

    // ---- declared by configuration alone ----

    @Test
    void anOpenAiCompatibleServerIsDeclaredByConfigurationAlone() {
        fake.on("/v1/chat/completions", FakeUpstream.json(200, Fixtures.text("openai/plain/upstream-response.json")));
        Env env = Env.of(Map.of("OPENAI_COMPATIBLE", "vllm, lm-studio", "VLLM_BASE_URL", fake.baseUrl() + "/v1",
                "LM_STUDIO_BASE_URL", fake.baseUrl() + "/v1", "LM_STUDIO_API_KEY", "lm-key", "VLLM_MODELS", "qwen3",
                "GATEWAY_MODE", "deployed"));
        ModelResolver resolver = Catalogue.fromEnv(env, UpstreamHttp.fromEnv(env));

        ModelResolver.Target vllm = resolver.resolve("vllm/Qwen/Qwen3-8B");
        assertThat(vllm.model()).isEqualTo("Qwen/Qwen3-8B");
        vllm.provider().complete(request("{\"model\":\"vllm/Qwen/Qwen3-8B\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"),
                vllm.model());
        assertThat(fake.last().headers()).as("no key, no Authorization header").doesNotContainKey("authorization");
        assertThat(Json.tree(fake.last().bodyText()).path("model").asText()).isEqualTo("Qwen/Qwen3-8B");
        assertThat(vllm.provider().models()).containsExactly("vllm/qwen3");

        ModelResolver.Target lmStudio = resolver.resolve("lm-studio/llama");
        lmStudio.provider().complete(request("{\"model\":\"lm-studio/llama\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"),
                lmStudio.model());
        assertThat(fake.last().headers()).containsEntry("authorization", "Bearer lm-key");
    }

    @Test
    void aDeclaredServerNeedsABaseUrlAndAFreeValidName() {
        Env noUrl = Env.of(Map.of("OPENAI_COMPATIBLE", "vllm"));
        assertThatThrownBy(() -> Catalogue.fromEnv(noUrl, UpstreamHttp.fromEnv(noUrl)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VLLM_BASE_URL");
        Env taken = Env.of(Map.of("OPENAI_COMPATIBLE", "groq"));
        assertThatThrownBy(() -> Catalogue.fromEnv(taken, UpstreamHttp.fromEnv(taken)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already a provider");
        Env bad = Env.of(Map.of("OPENAI_COMPATIBLE", "My Server"));
        assertThatThrownBy(() -> Catalogue.fromEnv(bad, UpstreamHttp.fromEnv(bad)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid provider name");
    }
}
