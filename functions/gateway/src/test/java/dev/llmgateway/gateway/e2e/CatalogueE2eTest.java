package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.providers.ApiSchema;
import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.core.providers.ProviderRow;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official OpenAI SDK through the gateway to each OpenAI-compatible provider of the catalogue
 * (and to one declared by configuration alone): plain, streamed, a tool call, and upstream errors.
 * The fake checks the path and the auth header each provider expects.
 */
class CatalogueE2eTest extends GatewayE2eTest {

    static Stream<String> providers() {
        Stream<String> rows = Catalogue.ALL.stream()
                .filter(r -> r.schema() == ApiSchema.OPENAI_CHAT && r != Catalogue.OPENAI).map(ProviderRow::name);
        return Stream.concat(rows, Stream.of(DECLARED));
    }

    private static String path(String provider) {
        return compatibleBase(provider) + "/chat/completions";
    }

    private static ChatCompletionCreateParams hello(String provider) {
        return ChatCompletionCreateParams.builder().model(provider + "/test-model").addUserMessage("Hello").build();
    }

    /** The request the provider received: its path, its auth header, and the upstream model name. */
    private static void assertReceived(String provider) {
        FakeUpstream.Received received = COMPATIBLE.last();
        assertThat(received.path()).isEqualTo(path(provider));
        switch (provider) {
            case "azure" -> assertThat(received.headers()).containsEntry("api-key", "key-azure").doesNotContainKey("authorization");
            case DECLARED -> assertThat(received.headers()).doesNotContainKeys("authorization", "api-key");
            default -> assertThat(received.headers()).containsEntry("authorization", "Bearer key-" + provider);
        }
        assertThat(Json.tree(received.bodyText()).path("model").asText()).isEqualTo("test-model");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void plainAnswer(String provider) {
        COMPATIBLE.on(path(provider), json(200, Fixtures.text("openai/plain/upstream-response.json")));

        ChatCompletion completion = sdk().chat().completions().create(hello(provider));

        assertThat(completion.choices().getFirst().message().content()).contains("Hello! How can I assist you today?");
        assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(29);
        assertReceived(provider);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void streamedAnswerArrivesAsTheUpstreamProducesIt(String provider) {
        CountDownLatch firstChunkSeen = new CountDownLatch(1);
        AtomicBoolean heldUntilClientSawFirst = new AtomicBoolean();
        COMPATIBLE.on(path(provider), FakeUpstream.gatedStream("text/event-stream",
                FakeUpstream.events(Fixtures.text("openai/stream/upstream-stream.txt"), "\n\n"),
                firstChunkSeen, heldUntilClientSawFirst));

        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(hello(provider))) {
            stream.stream().forEach(chunk -> {
                firstChunkSeen.countDown();
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
            });
        }

        assertThat(heldUntilClientSawFirst).as("the client had the first chunk while the upstream was still generating").isTrue();
        assertThat(text.toString()).isEqualTo("Grüße 👋");
        assertReceived(provider);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void toolCallRoundTrip(String provider) {
        COMPATIBLE.on(path(provider), json(200, """
                {"id":"chatcmpl-t","object":"chat.completion","created":1741569952,"model":"test-model",
                 "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                 "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},"finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":30,"completion_tokens":12,"total_tokens":42}}"""));
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(provider + "/test-model")
                .addUserMessage("Weather in Paris?")
                .addFunctionTool(FunctionDefinition.builder().name("get_weather")
                        .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                .build())
                        .build())
                .build();

        ChatCompletion completion = sdk().chat().completions().create(params);

        List<ChatCompletionMessageToolCall> calls = completion.choices().getFirst().message().toolCalls().orElseThrow();
        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.asFunction().function().name()).isEqualTo("get_weather");
            assertThat(call.asFunction().function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
        });
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertReceived(provider);
        assertThat(Json.tree(COMPATIBLE.last().bodyText()).at("/tools/0/function/name").asText()).isEqualTo("get_weather");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void upstreamErrorsReachTheSdkAsItsOwnExceptions(String provider) {
        COMPATIBLE.on(path(provider), json(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit\","
                + "\"code\":\"rate_limit_exceeded\"}}", Map.of("Retry-After", "12")));
        assertThatThrownBy(() -> sdk().chat().completions().create(hello(provider)))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.getMessage()).contains("Provider '" + provider + "'").contains("Rate limit reached");
                    assertThat(e.headers().values("retry-after")).containsExactly("12");
                });
        assertReceived(provider);

        COMPATIBLE.on(path(provider), json(500, "{\"error\":{\"message\":\"internal failure\",\"type\":\"server_error\"}}"));
        assertThatThrownBy(() -> sdk().chat().completions().create(hello(provider)))
                .isInstanceOfSatisfying(InternalServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(502);
                    assertThat(e.getMessage()).contains("internal failure");
                });
    }
}
