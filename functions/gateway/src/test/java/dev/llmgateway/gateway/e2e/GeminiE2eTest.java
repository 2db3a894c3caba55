package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
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

/** The OpenAI SDK through the gateway to the Gemini API (generateContent, SSE streams). */
class GeminiE2eTest extends GatewayE2eTest {
    private static final String FLASH_25 = "/v1beta/models/gemini-2.5-flash:generateContent";
    /** The signature the tools fixture's first function call carries, as Gemini issued it. */
    private static final String SIGNATURE = "CikBjz1rX+2mO/Qf3vLx8kPZyH4eW1Tn9aB7cD0eF2gf4iepC/JjdKI=";

    @Test
    void nonStreamingAnswerIsAnOpenAiCompletion() {
        GEMINI.on(FLASH_25, json(200, Fixtures.text("gemini/plain/upstream-response.json")));

        ChatCompletion completion = sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gemini-2.5-flash").addSystemMessage("You are terse.").addUserMessage("How does AI work?")
                .temperature(0.2).maxCompletionTokens(64).build());

        assertThat(completion.choices().getFirst().message().content()).contains("AI learns patterns from data to make predictions.");
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(8);
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(32);
        FakeUpstream.Received upstream = GEMINI.last();
        assertThat(upstream.headers()).containsEntry("x-goog-api-key", "gemini-upstream-test");
        assertThat(upstream.query()).isNull();
        JsonNode sent = Json.tree(upstream.bodyText());
        assertThat(sent.at("/systemInstruction/parts/0/text").asText()).isEqualTo("You are terse.");
        assertThat(sent.at("/generationConfig/maxOutputTokens").asInt()).isEqualTo(64);
    }

    @Test
    void streamArrivesIncrementallyWithUsageLast() {
        CountDownLatch firstChunkSeen = new CountDownLatch(1);
        AtomicBoolean restHeldUntilClientSawFirst = new AtomicBoolean();
        GEMINI.on("/v1beta/models/gemini-2.5-flash:streamGenerateContent", FakeUpstream.gatedStream("text/event-stream",
                FakeUpstream.events(Fixtures.text("gemini/stream/upstream-stream.txt"), "\r\n\r\n"),
                firstChunkSeen, restHeldUntilClientSawFirst));

        List<ChatCompletionChunk> chunks = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("gemini/gemini-2.5-flash").addUserMessage("Say café")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                firstChunkSeen.countDown();
                chunks.add(chunk);
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
            });
        }

        assertThat(text.toString()).isEqualTo("Café ☕ — 🚀 fertig, ¡olé!");
        assertThat(chunks.get(chunks.size() - 2).choices().getFirst().finishReason())
                .contains(ChatCompletionChunk.Choice.FinishReason.STOP);
        assertThat(chunks.getLast().choices()).isEmpty();
        assertThat(chunks.getLast().usage().orElseThrow().completionTokens()).isEqualTo(24);
        assertThat(GEMINI.last().query()).isEqualTo("alt=sse");
        assertThat(restHeldUntilClientSawFirst).as("the client got the first chunk while the upstream was still generating").isTrue();
    }

    @Test
    void toolCallRoundTripCarriesGeminisThoughtSignatureBack() {
        String path = "/v1beta/models/gemini-3.5-flash:generateContent";
        GEMINI.on(path, json(200, Fixtures.text("gemini/tools/upstream-response.json")));
        FunctionDefinition weather = FunctionDefinition.builder().name("get_weather").description("Current weather for a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("location", Map.of("type", "string"))))
                        .build())
                .build();
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model("gemini-3.5-flash")
                .addUserMessage("What is the weather in Paris and London?").addFunctionTool(weather);

        ChatCompletion first = sdk().chat().completions().create(params.build());
        var message = first.choices().getFirst().message();
        List<ChatCompletionMessageFunctionToolCall> calls = message.toolCalls().orElseThrow().stream()
                .map(c -> c.asFunction()).toList();
        assertThat(first.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(calls).hasSize(2);
        assertThat(Json.tree(calls.get(0).function().arguments()).get("location").asText()).isEqualTo("Paris");
        assertThat(calls.get(0).id()).isNotEqualTo(calls.get(1).id());
        assertThat(Json.tree(GEMINI.last().bodyText()).at("/tools/0/functionDeclarations/0/parametersJsonSchema/type").asText())
                .isEqualTo("object");

        GEMINI.on(path, json(200, """
                {"candidates":[{"content":{"parts":[{"text":"Paris is clear at 21 C; London is cloudy at 14 C."}],"role":"model"},
                 "finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":150,"candidatesTokenCount":16,"totalTokenCount":166},"modelVersion":"gemini-3.5-flash"}"""));
        ChatCompletion second = sdk().chat().completions().create(params.addMessage(message)
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(calls.get(0).id()).content("{\"temperature\":21}").build())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(calls.get(1).id()).content("Cloudy, 14 C").build())
                .build());

        assertThat(second.choices().getFirst().message().content()).contains("Paris is clear at 21 C; London is cloudy at 14 C.");
        JsonNode contents = Json.tree(GEMINI.last().bodyText()).get("contents");
        assertThat(contents).hasSize(3);
        assertThat(contents.get(1).get("role").asText()).isEqualTo("model");
        assertThat(contents.get(1).at("/parts/0/functionCall/args/location").asText()).isEqualTo("Paris");
        assertThat(contents.get(1).at("/parts/0/thoughtSignature").asText()).isEqualTo(SIGNATURE);
        assertThat(contents.get(1).at("/parts/1").has("thoughtSignature")).isFalse();
        assertThat(contents.get(2).get("role").asText()).isEqualTo("user");
        assertThat(contents.get(2).at("/parts/0/functionResponse/name").asText()).isEqualTo("get_weather");
        assertThat(contents.get(2).at("/parts/0/functionResponse/response/temperature").asInt()).isEqualTo(21);
        assertThat(contents.get(2).at("/parts/1/functionResponse/response/output").asText()).isEqualTo("Cloudy, 14 C");
    }

    @Test
    void structuredOutputParsesIntoTheClassWithTheSchemaAsJsonSchema() {
        GEMINI.on(FLASH_25, json(200, capitalAnswer("gemini-2.5-flash")));

        StructuredChatCompletion<Capital> completion = sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gemini-2.5-flash").addUserMessage("Capital of France?").responseFormat(Capital.class).build());

        Capital capital = completion.choices().getFirst().message().content().orElseThrow();
        assertThat(capital.city).isEqualTo("Paris");
        assertThat(capital.country).isEqualTo("France");
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        JsonNode config = Json.tree(GEMINI.last().bodyText()).get("generationConfig");
        assertThat(config.get("responseMimeType").asText()).isEqualTo("application/json");
        assertThat(config.at("/responseJsonSchema/properties/city/type").asText()).isEqualTo("string");
    }

    @Test
    void structuredOutputOnAnOlderModelSendsTheConvertedSchema() {
        GEMINI.on("/v1beta/models/gemini-2.0-flash:generateContent", json(200, capitalAnswer("gemini-2.0-flash")));

        StructuredChatCompletion<Capital> completion = sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gemini-2.0-flash").addUserMessage("Capital of France?").responseFormat(Capital.class).build());

        assertThat(completion.choices().getFirst().message().content().orElseThrow().city).isEqualTo("Paris");
        JsonNode schema = Json.tree(GEMINI.last().bodyText()).at("/generationConfig/responseSchema");
        assertThat(schema.get("type").asText()).isEqualTo("OBJECT");
        assertThat(schema.at("/properties/city/type").asText()).isEqualTo("STRING");
        assertThat(schema.has("additionalProperties")).as("the SDK's strict schema has it; Gemini's subset rejects it").isFalse();
    }

    @Test
    void rateLimitReachesTheSdkWithRetryAfter() {
        GEMINI.on(FLASH_25, json(429, "{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted\","
                + "\"status\":\"RESOURCE_EXHAUSTED\"}}", Map.of("Retry-After", "12")));
        assertThatThrownBy(() -> sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gemini-2.5-flash").addUserMessage("hi").build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.headers().values("retry-after")).containsExactly("12");
                    assertThat(e.getMessage()).contains("Resource has been exhausted");
                });
    }

    private static String capitalAnswer(String model) {
        return """
                {"candidates":[{"content":{"parts":[{"text":"{\\"city\\":\\"Paris\\",\\"country\\":\\"France\\"}"}],"role":"model"},
                 "finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":20,"candidatesTokenCount":9,"totalTokenCount":29},"modelVersion":"%s"}"""
                .formatted(model);
    }
}
