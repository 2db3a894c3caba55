package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
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
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The OpenAI SDK through the gateway to Ollama's native API (NDJSON streams). */
class OllamaE2eTest extends GatewayE2eTest {
    private static final String PATH = "/api/chat";

    @Test
    void plainAnswerIsAnOpenAiCompletion() {
        OLLAMA.on(PATH, json(200, Fixtures.text("ollama/plain/upstream-response.json")));

        ChatCompletion completion = sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("ollama/llama3.2").addSystemMessage("You are terse.").addUserMessage("Why is the sky blue?")
                .temperature(0.2).maxCompletionTokens(64).build());

        assertThat(completion.choices().getFirst().message().content()).contains("Rayleigh scattering.");
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(26);
        JsonNode sent = Json.tree(OLLAMA.last().bodyText());
        assertThat(sent.get("model").asText()).isEqualTo("llama3.2");
        assertThat(sent.at("/options/num_predict").asInt()).isEqualTo(64);
    }

    @Test
    void streamArrivesIncrementallyWithUsageLast() {
        CountDownLatch firstChunkSeen = new CountDownLatch(1);
        AtomicBoolean restHeldUntilClientSawFirst = new AtomicBoolean();
        OLLAMA.on(PATH, FakeUpstream.gatedStream("application/x-ndjson",
                FakeUpstream.events(Fixtures.text("ollama/stream/upstream-stream.txt"), "\n"),
                firstChunkSeen, restHeldUntilClientSawFirst));

        List<ChatCompletionChunk> chunks = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("ollama/llama3.2").addUserMessage("Say café in a cup")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                firstChunkSeen.countDown();
                chunks.add(chunk);
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
            });
        }

        assertThat(restHeldUntilClientSawFirst).as("the client got the first chunk while the upstream was still generating").isTrue();
        assertThat(text.toString()).isEqualTo("Café ☕ — ok");
        assertThat(chunks.getLast().usage().orElseThrow().completionTokens()).isEqualTo(5);
    }

    @Test
    void structuredOutputUsesOllamaFormatAndParsesIntoTheClass() {
        OLLAMA.on(PATH, json(200, Fixtures.text("ollama/json-schema/upstream-response.json")));

        StructuredChatCompletion<Capital> completion = sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("ollama/llama3.2").addUserMessage("Capital of France?").responseFormat(Capital.class).build());

        assertThat(completion.choices().getFirst().message().content().orElseThrow().city).isEqualTo("Paris");
        assertThat(Json.tree(OLLAMA.last().bodyText()).at("/format/properties/city/type").asText()).isEqualTo("string");
    }

    @Test
    void toolCallRoundTrip() {
        OLLAMA.on(PATH, json(200, Fixtures.text("ollama/tools/upstream-response.json")));
        FunctionDefinition weather = FunctionDefinition.builder().name("get_weather").description("Current weather")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .build())
                .build();
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model("ollama/llama3.2")
                .addUserMessage("Weather in Lyon?").addFunctionTool(weather);

        ChatCompletion first = sdk().chat().completions().create(params.build());
        var message = first.choices().getFirst().message();
        ChatCompletionMessageFunctionToolCall call = message.toolCalls().orElseThrow().getFirst().asFunction();
        assertThat(first.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(Json.tree(call.function().arguments()).get("city").asText()).isEqualTo("Lyon");

        OLLAMA.on(PATH, json(200, Fixtures.text("ollama/plain/upstream-response.json")));
        sdk().chat().completions().create(params.addMessage(message)
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("21C").build()).build());
        JsonNode sent = Json.tree(OLLAMA.last().bodyText()).get("messages");
        assertThat(sent.get(1).at("/tool_calls/0/function/arguments/city").asText()).isEqualTo("Lyon");
        assertThat(sent.get(2).get("role").asText()).isEqualTo("tool");
        assertThat(sent.get(2).get("tool_name").asText()).isEqualTo("get_weather");
        assertThat(sent.get(2).get("content").asText()).isEqualTo("21C");
    }

    @Test
    void modelMissingInOllamaIsNotFoundWithOllamasMessage() {
        OLLAMA.on(PATH, json(404, "{\"error\":\"model \\\"mistral\\\" not found, try pulling it first\"}"));
        assertThatThrownBy(() -> sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("ollama/mistral").addUserMessage("hi").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.getMessage()).contains("try pulling it first"));
    }

    @Test
    void modelsListShowsInstalledOllamaModels() throws Exception {
        OLLAMA.on("/api/tags", json(200, "{\"models\":[{\"name\":\"llama3.2:latest\",\"model\":\"llama3.2:latest\",\"size\":2019393189}]}"));
        JsonNode list = Json.tree(get("/v1/models").body());
        assertThat(list.get("object").asText()).isEqualTo("list");
        List<String> ids = new ArrayList<>();
        list.get("data").forEach(m -> ids.add(m.get("id").asText()));
        assertThat(ids).contains("gpt-4o", "ollama/llama3.2:latest");
        JsonNode first = list.get("data").get(0);
        assertThat(first.get("object").asText()).isEqualTo("model");
        assertThat(first.get("owned_by").asText()).isEqualTo("openai");
        assertThat(first.has("created")).isTrue();
    }
}
