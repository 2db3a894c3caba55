package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.InternalServerException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.OutputConfig;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.StructuredMessage;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.EventStreamFrames;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The Anthropic SDK through /v1/messages to providers that do not speak it: OpenAI, Gemini and Ollama fakes. */
class MessagesTranslatedE2eTest extends GatewayE2eTest {
    private static final String OPENAI_PATH = "/v1/chat/completions";

    private AnthropicClient anthropic() {
        return AnthropicOkHttpClient.builder().baseUrl(baseUrl()).apiKey("gateway-key").maxRetries(0).build();
    }

    private static MessageCreateParams hello(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(64).system("Be brief.").addUserMessage("Hello").build();
    }

    @Test
    void openAiAnswersAsAnAnthropicMessage() {
        OPENAI.on(OPENAI_PATH, json(200, Fixtures.text("openai/plain/upstream-response.json")));

        Message message = anthropic().messages().create(hello("gpt-4o"));

        assertThat(message.content().getFirst().asText().text()).isEqualTo("Hello! How can I assist you today?");
        assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(message.model().asString()).isEqualTo("gpt-4o");
        JsonNode sent = Json.tree(OPENAI.last().bodyText());
        assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(sent.at("/messages/0/content").asText()).isEqualTo("Be brief.");
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(64);
    }

    @Test
    void anOpenAiStreamArrivesIncrementallyAsAnthropicEvents() {
        List<byte[]> parts = FakeUpstream.events(Fixtures.text("messages/openai-tools-stream/upstream-stream.txt"), "\n\n");
        CountDownLatch firstDeltaSeen = new CountDownLatch(1);
        AtomicBoolean restHeld = new AtomicBoolean();
        OPENAI.on(OPENAI_PATH, FakeUpstream.gatedStream("text/event-stream", parts, 2, firstDeltaSeen, restHeld));
        MessageAccumulator accumulator = MessageAccumulator.create();

        try (StreamResponse<RawMessageStreamEvent> stream = anthropic().messages().createStreaming(hello("gpt-4o"))) {
            stream.stream().forEach(event -> {
                if (event.isContentBlockDelta()) firstDeltaSeen.countDown();
                accumulator.accumulate(event);
            });
        }

        Message message = accumulator.message();
        assertThat(restHeld).as("the first text delta reached the client while the upstream was held").isTrue();
        assertThat(message.content().get(0).asText().text()).isEqualTo("Checking both.");
        assertThat(message.content().get(1).asToolUse().id()).isEqualTo("call_a1");
        assertThat(message.content().get(1).asToolUse()._input().convert(Map.class)).isEqualTo(Map.of("city", "Paris"));
        assertThat(message.content().get(2).asToolUse()._input().convert(Map.class)).isEqualTo(Map.of("city", "Lyon"));
        assertThat(message.stopReason()).hasValue(StopReason.TOOL_USE);
        assertThat(message.usage().outputTokens()).isEqualTo(30);
        assertThat(message.usage().cacheReadInputTokens()).hasValue(64L);
    }

    @Test
    void aToolRoundTripThroughOpenAiKeepsIdsAndTheErrorFlag() {
        OPENAI.on(OPENAI_PATH, json(200, """
                {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,
                 "message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_9","type":"function",
                 "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},"finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":50,"completion_tokens":10,"total_tokens":60}}
                """));
        Tool weather = Tool.builder().name("get_weather").inputSchema(Tool.InputSchema.builder()
                .properties(JsonValue.from(Map.of("city", Map.of("type", "string")))).build()).build();
        MessageCreateParams.Builder params = MessageCreateParams.builder().model("openai/gpt-4o").maxTokens(64)
                .addUserMessage("Weather in Paris?").addTool(weather);

        Message first = anthropic().messages().create(params.build());
        ToolUseBlock call = first.content().getFirst().asToolUse();
        assertThat(call.id()).isEqualTo("call_9");
        assertThat(first.stopReason()).hasValue(StopReason.TOOL_USE);

        OPENAI.on(OPENAI_PATH, json(200, Fixtures.text("openai/plain/upstream-response.json")));
        params.addMessage(first).addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                ToolResultBlockParam.builder().toolUseId(call.id()).content("station down").isError(true).build())));
        anthropic().messages().create(params.build());

        JsonNode sent = Json.tree(OPENAI.last().bodyText()).get("messages");
        assertThat(sent.at("/1/tool_calls/0/id").asText()).isEqualTo("call_9");
        assertThat(sent.at("/2/role").asText()).isEqualTo("tool");
        assertThat(sent.at("/2/tool_call_id").asText()).isEqualTo("call_9");
        assertThat(sent.at("/2/content").asText()).isEqualTo("Error: station down");
        assertThat(Json.tree(OPENAI.last().bodyText()).at("/tools/0/function/name").asText()).isEqualTo("get_weather");
    }

    @Test
    void errorsAreAnthropicsEnvelope() {
        assertThatThrownBy(() -> anthropic().messages().create(MessageCreateParams.builder().model("gpt-4o").maxTokens(16)
                .addUserMessage("hi").putAdditionalBodyProperty("top_k", JsonValue.from(5)).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage()).contains("top_k"));

        OPENAI.on(OPENAI_PATH, json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
        assertThatThrownBy(() -> anthropic().messages().create(hello("gpt-4o")))
                .isInstanceOfSatisfying(InternalServerException.class, e -> assertThat(e.statusCode()).isEqualTo(502));
    }

    @Test
    void aStopAtAClientStopSequenceReadsStopSequenceThroughTheSdk() {
        String modelId = "amazon.nova-pro-v1:0"; // Claude on Bedrock is passed through, not translated
        BEDROCK.on("/model/" + modelId + "/converse", json(200, Fixtures.text("bedrock/stop-sequence/upstream-response.json")));
        Message bedrock = anthropic().messages().create(MessageCreateParams.builder().model("bedrock/" + modelId).maxTokens(100)
                .addUserMessage("List three colours, then write DONE.").stopSequences(List.of("DONE", "###")).build());
        assertThat(bedrock.stopReason()).hasValue(StopReason.STOP_SEQUENCE);
        assertThat(bedrock.stopSequence()).hasValue("DONE");

        BEDROCK.on("/model/" + modelId + "/converse-stream", FakeUpstream.stream(EventStreamFrames.CONTENT_TYPE,
                EventStreamFrames.fromJsonLines(Fixtures.text("bedrock/stream-stop-sequence/upstream-stream.jsonl")), 0));
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic().messages().createStreaming(MessageCreateParams.builder()
                .model("bedrock/" + modelId).maxTokens(50).addUserMessage("Count to ten, then write STOP.")
                .stopSequences(List.of("STOP", "END")).build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        assertThat(accumulator.message().stopReason()).hasValue(StopReason.STOP_SEQUENCE);
        assertThat(accumulator.message().stopSequence()).hasValue("STOP");
        assertThat(accumulator.message().content().getFirst().asText().text()).isEqualTo("1 2 3 4 5 6 7 8 9 10 ");

        // An OpenAI-compatible server that names the matched sequence (vLLM's choice.stop_reason).
        OPENAI.on(OPENAI_PATH, json(200, """
                {"id":"chatcmpl-5","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,
                 "message":{"role":"assistant","content":"Red"},"finish_reason":"stop","stop_reason":"###"}],
                 "usage":{"prompt_tokens":9,"completion_tokens":1,"total_tokens":10}}
                """));
        Message named = anthropic().messages().create(MessageCreateParams.builder().model("gpt-4o").maxTokens(16)
                .addUserMessage("A colour?").stopSequences(List.of("###")).build());
        assertThat(named.stopReason()).hasValue(StopReason.STOP_SEQUENCE);
        assertThat(named.stopSequence()).hasValue("###");
    }

    @Test
    void structuredOutputThroughOutputConfigReachesOpenAiAndBedrockAndParsesInTheSdk() {
        OPENAI.on(OPENAI_PATH, json(200, Fixtures.text("messages/structured/openai-upstream-response.json")));
        StructuredMessage<Capital> openai = anthropic().messages().create(MessageCreateParams.builder().model("gpt-4o")
                .maxTokens(256).addUserMessage("Capital of France?").outputConfig(Capital.class).build());
        Capital capital = openai.content().getFirst().text().orElseThrow().text();
        assertThat(capital.city).isEqualTo("Paris");
        assertThat(capital.country).isEqualTo("France");
        JsonNode format = Json.tree(OPENAI.last().bodyText()).get("response_format");
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        assertThat(format.at("/json_schema/strict").asBoolean()).isTrue();
        assertThat(format.at("/json_schema/schema/properties/city/type").asText()).isEqualTo("string");

        String modelId = "amazon.nova-pro-v1:0"; // Claude on Bedrock is passed through, not translated
        BEDROCK.on("/model/" + modelId + "/converse", json(200, """
                {"output":{"message":{"role":"assistant","content":[{"toolUse":{"toolUseId":"tooluse_1","name":"structured_output",
                 "input":{"city":"Paris","country":"France"}}}]}},"stopReason":"tool_use",
                 "usage":{"inputTokens":30,"outputTokens":12,"totalTokens":42}}
                """));
        StructuredMessage<Capital> bedrock = anthropic().messages().create(MessageCreateParams.builder().model("bedrock/" + modelId)
                .maxTokens(256).addUserMessage("Capital of France?").outputConfig(Capital.class).build());
        assertThat(bedrock.content().getFirst().text().orElseThrow().text().city).isEqualTo("Paris");
        assertThat(bedrock.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(Json.tree(BEDROCK.last().bodyText()).at("/toolConfig/toolChoice/tool/name").asText()).isEqualTo("structured_output");

        assertThatThrownBy(() -> anthropic().messages().create(MessageCreateParams.builder().model("gpt-4o").maxTokens(16)
                .addUserMessage("hi").outputConfig(OutputConfig.builder().effort(OutputConfig.Effort.HIGH).build()).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage()).contains("output_config.effort"));
    }

    @Test
    void geminiAndOllamaAnswerToo() {
        GEMINI.on("/v1beta/models/gemini-2.5-flash:generateContent", json(200, Fixtures.text("gemini/plain/upstream-response.json")));
        Message gemini = anthropic().messages().create(hello("gemini-2.5-flash"));
        assertThat(gemini.content().getFirst().asText().text()).isEqualTo("AI learns patterns from data to make predictions.");
        assertThat(Json.tree(GEMINI.last().bodyText()).at("/systemInstruction/parts/0/text").asText()).isEqualTo("Be brief.");

        OLLAMA.on("/api/chat", json(200, Fixtures.text("ollama/plain/upstream-response.json")));
        Message ollama = anthropic().messages().create(hello("ollama/llama3.2"));
        assertThat(ollama.content().getFirst().asText().text()).isEqualTo("Rayleigh scattering.");
        assertThat(ollama.usage().inputTokens()).isEqualTo(26);
    }
}
