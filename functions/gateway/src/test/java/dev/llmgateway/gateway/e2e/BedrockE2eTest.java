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
import dev.llmgateway.core.testing.EventStreamFrames;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The OpenAI SDK through the gateway to Bedrock's Converse API, via the real AWS SDK clients and event-stream frames. */
class BedrockE2eTest extends GatewayE2eTest {
    private static final String MODEL_ID = "anthropic.claude-3-5-sonnet-20240620-v1:0";
    private static final String MODEL = "bedrock/" + MODEL_ID;
    private static final String CONVERSE = "/model/" + MODEL_ID + "/converse";
    private static final String CONVERSE_STREAM = "/model/" + MODEL_ID + "/converse-stream";

    private static final FunctionDefinition WEATHER = function("get_weather", "Current weather for a city.", "city");
    private static final FunctionDefinition TIME = function("get_time", "Current time in a time zone.", "tz");

    @Test
    void nonStreamingAnswerIsSignedForBedrockAndTranslated() {
        BEDROCK.on(CONVERSE, json(200, Fixtures.text("bedrock/plain/upstream-response.json")));

        ChatCompletion completion = sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model(MODEL).addSystemMessage("You are terse.").addUserMessage("Hello")
                .temperature(0.5).maxCompletionTokens(256).build());

        assertThat(completion.choices().getFirst().message().content()).hasValue("Hello! How can I help you today?");
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.model()).isEqualTo(MODEL_ID);
        assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(19);
        FakeUpstream.Received upstream = BEDROCK.last();
        assertThat(upstream.path()).isEqualTo(CONVERSE);
        assertThat(upstream.headers().get("authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=" + AWS_ACCESS_KEY_ID + "/")
                .contains("/us-east-1/bedrock/aws4_request");
        JsonNode sent = Json.tree(upstream.bodyText());
        assertThat(sent.at("/system/0/text").asText()).isEqualTo("You are terse.");
        assertThat(sent.at("/messages/0/content/0/text").asText()).isEqualTo("Hello");
        assertThat(sent.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(256);
    }

    @Test
    void streamArrivesIncrementallyWithUsageLast() {
        List<byte[]> frames = EventStreamFrames.fromJsonLines(Fixtures.text("bedrock/stream-text/upstream-stream.jsonl"));
        List<byte[]> parts = new ArrayList<>();
        parts.add(EventStreamFrames.concat(frames.subList(0, 2))); // messageStart alone makes no chunk
        parts.addAll(frames.subList(2, frames.size()));
        CountDownLatch firstChunkSeen = new CountDownLatch(1);
        AtomicBoolean restHeldUntilClientSawFirst = new AtomicBoolean();
        BEDROCK.on(CONVERSE_STREAM, FakeUpstream.gatedStream(EventStreamFrames.CONTENT_TYPE, parts,
                firstChunkSeen, restHeldUntilClientSawFirst));

        List<ChatCompletionChunk> chunks = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("Say hello to the world.")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                firstChunkSeen.countDown();
                chunks.add(chunk);
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
            });
        }

        assertThat(restHeldUntilClientSawFirst).as("the client got the first chunk while the upstream was still generating").isTrue();
        assertThat(text.toString()).isEqualTo("Hello, wörld 👋");
        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(c -> assertThat(c.usage()).isEmpty());
        assertThat(chunks.getLast().choices()).isEmpty();
        assertThat(chunks.getLast().usage().orElseThrow().promptTokens()).isEqualTo(14);
        assertThat(BEDROCK.last().path()).isEqualTo(CONVERSE_STREAM);
    }

    @Test
    void toolCallRoundTripKeepsBedrocksToolUseIdsBothWays() {
        BEDROCK.on(CONVERSE, json(200, Fixtures.text("bedrock/tools/upstream-response.json")));
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model(MODEL)
                .addUserMessage("What's the weather in Paris and the time in Tokyo?")
                .addFunctionTool(WEATHER).addFunctionTool(TIME);

        ChatCompletion first = sdk().chat().completions().create(params.build());
        var message = first.choices().getFirst().message();
        List<ChatCompletionMessageFunctionToolCall> calls = message.toolCalls().orElseThrow().stream()
                .map(ChatCompletionMessageToolCall::asFunction).toList();
        assertThat(first.choices().getFirst().finishReason())
                .as("Bedrock said end_turn, but the turn called tools").isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(calls).extracting(ChatCompletionMessageFunctionToolCall::id)
                .containsExactly("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", "tooluse_Wq3uP0mN2b8eYtR1sLx9Zg");
        assertThat(Json.tree(calls.get(1).function().arguments()).get("tz").asText()).isEqualTo("Asia/Tokyo");

        BEDROCK.on(CONVERSE, json(200, Fixtures.text("bedrock/tool-results/upstream-response.json")));
        params.addMessage(message);
        params.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(calls.get(0).id()).content("18°C, cloudy").build());
        params.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(calls.get(1).id()).content("21:04").build());
        ChatCompletion second = sdk().chat().completions().create(params.build());

        assertThat(second.choices().getFirst().message().content()).hasValue("Rome is warmer, at 24°C.");
        JsonNode sent = Json.tree(BEDROCK.last().bodyText());
        assertThat(sent.get("messages")).hasSize(3);
        assertThat(sent.at("/messages/1/role").asText()).isEqualTo("assistant");
        assertThat(sent.at("/messages/1/content/1/toolUse/toolUseId").asText()).isEqualTo("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q");
        assertThat(sent.at("/messages/1/content/1/toolUse/input/city").asText()).isEqualTo("Paris");
        assertThat(sent.at("/messages/2/role").asText()).isEqualTo("user");
        assertThat(sent.at("/messages/2/content/0/toolResult/toolUseId").asText()).isEqualTo("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q");
        assertThat(sent.at("/messages/2/content/1/toolResult/toolUseId").asText()).isEqualTo("tooluse_Wq3uP0mN2b8eYtR1sLx9Zg");
        assertThat(sent.at("/messages/2/content/1/toolResult/content/0/text").asText()).isEqualTo("21:04");
        assertThat(sent.at("/toolConfig/toolChoice/auto").isObject()).isTrue();
    }

    @Test
    void streamedToolCallsAccumulateInTheSdkByCallIndex() {
        BEDROCK.on(CONVERSE_STREAM, FakeUpstream.stream(EventStreamFrames.CONTENT_TYPE,
                EventStreamFrames.fromJsonLines(Fixtures.text("bedrock/stream-tools/upstream-stream.jsonl")), 0));
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("Weather in Paris and the time in Tokyo?")
                        .addFunctionTool(WEATHER).addFunctionTool(TIME).build())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        ChatCompletion completion = accumulator.chatCompletion();
        List<ChatCompletionMessageToolCall> calls = completion.choices().getFirst().message().toolCalls().orElseThrow();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).asFunction().id()).isEqualTo("tooluse_weatherAAAAAAAAAAAAAA");
        assertThat(Json.tree(calls.get(0).asFunction().function().arguments()).get("city").asText()).isEqualTo("Paris");
        assertThat(Json.tree(calls.get(1).asFunction().function().arguments()).get("tz").asText()).isEqualTo("Asia/Tokyo");
        assertThat(completion.choices().getFirst().message().content()).hasValue("Checking both.");
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    }

    @Test
    void structuredOutputThroughTheForcedToolParsesIntoTheClass() {
        BEDROCK.on(CONVERSE, json(200, """
                {"output":{"message":{"role":"assistant","content":[{"toolUse":{"toolUseId":"tooluse_c1","name":"structured_output",
                 "input":{"city":"Paris","country":"France"}}}]}},"stopReason":"tool_use",
                 "usage":{"inputTokens":402,"outputTokens":30,"totalTokens":432},"metrics":{"latencyMs":700}}"""));

        StructuredChatCompletion<Capital> completion = sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model(MODEL).addUserMessage("What is the capital of France?").responseFormat(Capital.class).build());

        Capital capital = completion.choices().getFirst().message().content().orElseThrow();
        assertThat(capital.city).isEqualTo("Paris");
        assertThat(capital.country).isEqualTo("France");
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        JsonNode sent = Json.tree(BEDROCK.last().bodyText());
        assertThat(sent.at("/toolConfig/toolChoice/tool/name").asText()).isEqualTo("structured_output");
        assertThat(sent.at("/toolConfig/tools/0/toolSpec/inputSchema/json/properties/country/type").asText()).isEqualTo("string");
    }

    @Test
    void streamedStructuredOutputArrivesAsContentAndParsesIntoTheClass() {
        BEDROCK.on(CONVERSE_STREAM, FakeUpstream.stream(EventStreamFrames.CONTENT_TYPE, List.of(
                EventStreamFrames.event("messageStart", "{\"role\":\"assistant\"}"),
                EventStreamFrames.event("contentBlockStart", "{\"contentBlockIndex\":0,\"start\":{\"toolUse\":"
                        + "{\"toolUseId\":\"tooluse_c2\",\"name\":\"structured_output\"}}}"),
                EventStreamFrames.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":\"{\\\"city\\\": \\\"Par\"}}}"),
                EventStreamFrames.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":\"is\\\", \\\"country\\\": \\\"France\\\"}\"}}}"),
                EventStreamFrames.event("contentBlockStop", "{\"contentBlockIndex\":0}"),
                EventStreamFrames.event("messageStop", "{\"stopReason\":\"tool_use\"}"),
                EventStreamFrames.event("metadata", "{\"usage\":{\"inputTokens\":400,\"outputTokens\":20,\"totalTokens\":420},"
                        + "\"metrics\":{\"latencyMs\":500}}")), 0));
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("What is the capital of France?")
                        .responseFormat(Capital.class).build())) {
            stream.stream().forEach(chunk -> {
                accumulator.accumulate(chunk);
                chunk.choices().forEach(c -> assertThat(c.delta().toolCalls()).isEmpty());
            });
        }

        StructuredChatCompletion<Capital> completion = accumulator.chatCompletion(Capital.class);
        assertThat(completion.choices().getFirst().message().content().orElseThrow().city).isEqualTo("Paris");
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    }

    @Test
    void throttlingExceptionEventBeforeAnyChunkReachesTheSdkAs429() {
        BEDROCK.on(CONVERSE_STREAM, FakeUpstream.stream(EventStreamFrames.CONTENT_TYPE, List.of(
                EventStreamFrames.event("messageStart", "{\"role\":\"assistant\"}"),
                EventStreamFrames.exception("throttlingException", "{\"message\":\"Too many tokens, please wait before trying again.\"}")), 0));
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("hi").build())) {
                stream.stream().forEach(c -> { });
            }
        }).isInstanceOfSatisfying(RateLimitException.class, e -> assertThat(e.getMessage()).contains("Too many tokens"));
    }

    @Test
    void exceptionEventMidStreamEndsTheStreamWithAnErrorAfterTheTextBeforeIt() {
        BEDROCK.on(CONVERSE_STREAM, FakeUpstream.stream(EventStreamFrames.CONTENT_TYPE, List.of(
                EventStreamFrames.event("messageStart", "{\"role\":\"assistant\"}"),
                EventStreamFrames.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Bonjour\"}}"),
                EventStreamFrames.exception("modelStreamErrorException",
                        "{\"message\":\"The model stream failed.\",\"originalStatusCode\":424}")), 0));
        List<String> received = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("hi").build())) {
                stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(received::add)));
            }
        }).isInstanceOfSatisfying(SseException.class, e -> assertThat(e.getMessage()).contains("The model stream failed."));
        assertThat(received).containsExactly("Bonjour");
    }

    @Test
    void parametersConverseCannotHonourAreRejectedByName() {
        assertThatThrownBy(() -> sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model(MODEL).addUserMessage("hi").seed(7).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.param()).contains("seed"));
    }

    private static FunctionDefinition function(String name, String description, String property) {
        return FunctionDefinition.builder().name(name).description(description)
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of(property, Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of(property)))
                        .build())
                .build();
    }
}
