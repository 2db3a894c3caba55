package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.StructuredChatCompletion;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CountDownLatch;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAI SDK through the gateway to Anthropic's Messages API (SSE streams with named events). */
class AnthropicE2eTest extends GatewayE2eTest {
    private static final String PATH = "/v1/messages";

    private static final FunctionDefinition WEATHER = FunctionDefinition.builder().name("get_weather")
            .description("Get the current weather in a given city")
            .parameters(FunctionParameters.builder()
                    .putAdditionalProperty("type", JsonValue.from("object"))
                    .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                    .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                    .build())
            .build();

    @Test
    void nonStreamingAnswerComesBackWithTheGatewaysAnthropicKey() {
        ANTHROPIC.on(PATH, json(200, Fixtures.text("anthropic/plain/upstream-response.json")));

        ChatCompletion completion = sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-sonnet-4-5").addSystemMessage("You are terse.").addUserMessage("Why is the sky blue?")
                .temperature(0.2).maxCompletionTokens(64).build());

        assertThat(completion.choices().getFirst().message().content()).hasValueSatisfying(c -> assertThat(c).startsWith("Rayleigh"));
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(38);
        FakeUpstream.Received upstream = ANTHROPIC.last();
        assertThat(upstream.headers()).containsEntry("x-api-key", "sk-ant-upstream-test")
                .containsEntry("anthropic-version", "2023-06-01").doesNotContainKey("authorization");
        JsonNode sent = Json.tree(upstream.bodyText());
        assertThat(sent.get("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(64);
        assertThat(sent.at("/system/0/text").asText()).isEqualTo("You are terse.");
    }

    @Test
    void streamArrivesIncrementallyWithCacheAwareUsageLast() {
        List<byte[]> parts = FakeUpstream.events(Fixtures.text("anthropic/stream/upstream-stream.txt"), "\n\n");
        CountDownLatch firstChunkSeen = new CountDownLatch(1);
        AtomicBoolean restHeldUntilClientSawFirst = new AtomicBoolean();
        ANTHROPIC.on(PATH, FakeUpstream.gatedStream("text/event-stream", parts, firstTextDelta(parts),
                firstChunkSeen, restHeldUntilClientSawFirst));

        List<ChatCompletionChunk> chunks = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("anthropic/claude-opus-4-8").addUserMessage("Say hello in three languages.")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                firstChunkSeen.countDown();
                chunks.add(chunk);
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
            });
        }

        assertThat(text.toString()).isEqualTo("Bonjour, café ☕ — こんにちは, Привет 👋");
        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(c -> assertThat(c.usage()).isEmpty());
        assertThat(chunks.getLast().choices()).isEmpty();
        assertThat(chunks.getLast().usage().orElseThrow().promptTokens()).isEqualTo(14);
        assertThat(chunks.getLast().usage().orElseThrow().completionTokens()).isEqualTo(19);
        assertThat(restHeldUntilClientSawFirst).as("the client got the first chunk while the upstream was still generating").isTrue();
        assertThat(Json.tree(ANTHROPIC.last().bodyText()).get("stream").asBoolean()).isTrue();
    }

    /** The SDK's reasoning_effort is Claude's thinking budget; the thinking streams as reasoning_content deltas the SDK keeps. */
    @Test
    void reasoningEffortStreamsClaudesThinkingAsReasoningContent() {
        ANTHROPIC.on(PATH, FakeUpstream.stream("text/event-stream",
                FakeUpstream.events(Fixtures.text("anthropic/thinking-stream/upstream-stream.txt"), "\n\n"), 0));
        List<ChatCompletionChunk> chunks = new ArrayList<>();

        try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("claude-sonnet-4-5").addUserMessage("What is 27 * 453?").reasoningEffort(com.openai.models.ReasoningEffort.MEDIUM)
                .build())) {
            stream.stream().forEach(chunks::add);
        }

        JsonNode sent = Json.tree(ANTHROPIC.last().bodyText());
        assertThat(sent.at("/thinking/budget_tokens").asInt()).isEqualTo(8192);
        String reasoning = chunks.stream().flatMap(c -> c.choices().stream())
                .map(c -> c.delta()._additionalProperties().get("reasoning_content"))
                .filter(v -> v != null).map(v -> v.asStringOrThrow()).reduce("", String::concat);
        assertThat(reasoning).isEqualTo("Let me solve this step by step:\n\n1. First break down 27 * 453\n2. 453 = 400 + 50 + 3");
        String content = chunks.stream().flatMap(c -> c.choices().stream()).map(c -> c.delta().content().orElse(""))
                .reduce("", String::concat);
        assertThat(content).isEqualTo("27 * 453 = 12,231");
    }

    @Test
    void toolCallRoundTripKeepsAnthropicsIdsBothWays() {
        ANTHROPIC.on(PATH, json(200, Fixtures.text("anthropic/tools/upstream-response.json")));
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model("claude-sonnet-4-5")
                .addUserMessage("What is the weather in Paris and in Lyon?").addFunctionTool(WEATHER);

        ChatCompletion first = sdk().chat().completions().create(params.build());
        var message = first.choices().getFirst().message();
        List<ChatCompletionMessageFunctionToolCall> calls = message.toolCalls().orElseThrow().stream()
                .map(ChatCompletionMessageToolCall::asFunction).toList();
        assertThat(first.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(calls).extracting(ChatCompletionMessageFunctionToolCall::id)
                .containsExactly("toolu_01A09q90qw90lq917835lq9", "toolu_01B7X2mNq5bY3kTz8RfV4cWd");
        assertThat(Json.tree(calls.get(1).function().arguments()).get("city").asText()).isEqualTo("Lyon");

        ANTHROPIC.on(PATH, json(200, Fixtures.text("anthropic/tool-results/upstream-response.json")));
        params.addMessage(message);
        for (var call : calls) {
            params.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id())
                    .content(call.id().equals(calls.get(0).id()) ? "18°C, sunny" : "15°C, rain").build());
        }
        ChatCompletion second = sdk().chat().completions().create(params.build());

        assertThat(second.choices().getFirst().message().content()).hasValue("Paris: 18°C and sunny. Lyon: 15°C with rain.");
        assertThat(second.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens()).hasValue(412L);
        JsonNode sent = Json.tree(ANTHROPIC.last().bodyText()).get("messages");
        assertThat(sent).hasSize(3);
        assertThat(sent.at("/1/content/1/type").asText()).isEqualTo("tool_use");
        assertThat(sent.at("/1/content/1/id").asText()).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertThat(sent.at("/1/content/2/input/city").asText()).isEqualTo("Lyon");
        assertThat(sent.at("/2/role").asText()).isEqualTo("user");
        assertThat(sent.at("/2/content/0/tool_use_id").asText()).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertThat(sent.at("/2/content/1/tool_use_id").asText()).isEqualTo("toolu_01B7X2mNq5bY3kTz8RfV4cWd");
        assertThat(sent.at("/2/content/1/content/0/text").asText()).isEqualTo("15°C, rain");
    }

    @Test
    void streamedToolCallsAccumulateInTheSdkByTheirOwnIndex() {
        ANTHROPIC.on(PATH, FakeUpstream.stream("text/event-stream",
                FakeUpstream.events(Fixtures.text("anthropic/tools-stream/upstream-stream.txt"), "\n\n"), 0));
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("claude-sonnet-4-5")
                        .addUserMessage("Quel temps fait-il à Paris et à Lyon ?").addFunctionTool(WEATHER).build())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        ChatCompletion completion = accumulator.chatCompletion();
        List<ChatCompletionMessageToolCall> calls = completion.choices().getFirst().message().toolCalls().orElseThrow();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).asFunction().id()).isEqualTo("toolu_01T1x1fJ34qAmk2tNTrN7Up6");
        assertThat(Json.tree(calls.get(0).asFunction().function().arguments()).get("city").asText()).isEqualTo("Paris");
        assertThat(Json.tree(calls.get(1).asFunction().function().arguments()).get("city").asText()).isEqualTo("Lyon");
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    }

    @Test
    void structuredOutputOnANativeModelUsesOutputConfigAndParsesIntoTheClass() {
        ANTHROPIC.on(PATH, json(200, Fixtures.text("anthropic/json-schema-native/upstream-response.json")));

        StructuredChatCompletion<Capital> completion = sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-sonnet-4-5").addUserMessage("What is the capital of France?").responseFormat(Capital.class).build());

        Capital capital = completion.choices().getFirst().message().content().orElseThrow();
        assertThat(capital.city).isEqualTo("Paris");
        assertThat(capital.country).isEqualTo("France");
        JsonNode sent = Json.tree(ANTHROPIC.last().bodyText());
        assertThat(sent.at("/output_config/format/type").asText()).isEqualTo("json_schema");
        assertThat(sent.at("/output_config/format/schema/properties/city/type").asText()).isEqualTo("string");
        assertThat(sent.has("tools")).isFalse();
    }

    @Test
    void structuredOutputThroughTheForcedToolStreamsAsContentAndParsesIntoTheClass() {
        // A Claude 3.x name: no native structured output, so the gateway forces the structured_output tool.
        ANTHROPIC.on(PATH, FakeUpstream.stream("text/event-stream",
                FakeUpstream.events(Fixtures.text("anthropic/json-schema-tool-stream/upstream-stream.txt"), "\n\n"), 0));
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("claude-3-7-sonnet-20250219")
                        .addUserMessage("What is the capital of France?").responseFormat(Capital.class).build())) {
            stream.stream().forEach(chunk -> {
                accumulator.accumulate(chunk);
                chunk.choices().forEach(c -> assertThat(c.delta().toolCalls()).isEmpty());
            });
        }

        StructuredChatCompletion<Capital> completion = accumulator.chatCompletion(Capital.class);
        assertThat(completion.choices().getFirst().message().content().orElseThrow().country).isEqualTo("France");
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        JsonNode sent = Json.tree(ANTHROPIC.last().bodyText());
        assertThat(sent.at("/tool_choice/name").asText()).isEqualTo("structured_output");
        assertThat(sent.has("output_config")).isFalse();
    }

    @Test
    void rateLimitReachesTheSdkWithRetryAfter() {
        ANTHROPIC.on(PATH, json(429, Fixtures.text("anthropic/errors/rate-limit.json"), Map.of("Retry-After", "30")));
        assertThatThrownBy(() -> sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-haiku-4-5").addUserMessage("hi").build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.headers().values("retry-after")).containsExactly("30");
                    assertThat(e.getMessage()).contains("rate limit");
                });
    }

    @Test
    void errorEventMidStreamEndsTheStreamWithAnErrorAfterTheTextBeforeIt() {
        ANTHROPIC.on(PATH, FakeUpstream.stream("text/event-stream",
                FakeUpstream.events(Fixtures.text("anthropic/stream-error/upstream-stream.txt"), "\n\n"), 0));
        List<String> received = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model("claude-opus-4-8").addUserMessage("hi").build())) {
                stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(received::add)));
            }
        }).isInstanceOfSatisfying(SseException.class, e -> assertThat(e.getMessage()).contains("Overloaded"));
        assertThat(received).containsExactly("Bonjour");
    }

    @Test
    void parametersAnthropicCannotHonourAreRejectedByName() {
        assertThatThrownBy(() -> sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-haiku-4-5").addUserMessage("hi").temperature(1.5).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.param()).contains("temperature"));
        assertThatThrownBy(() -> sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-haiku-4-5").addUserMessage("hi").seed(7).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.param()).contains("seed"));
    }

    /** The parts up to and including the first text delta: the first that gives the client a chunk. */
    private static int firstTextDelta(List<byte[]> parts) {
        for (int i = 0; i < parts.size(); i++) {
            if (new String(parts.get(i), java.nio.charset.StandardCharsets.UTF_8).contains("\"text_delta\"")) return i + 1;
        }
        throw new AssertionError("the fixture has no text delta");
    }
}
