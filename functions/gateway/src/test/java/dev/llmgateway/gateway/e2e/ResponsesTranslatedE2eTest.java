package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFormatTextJsonSchemaConfig;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseTextConfig;
import com.openai.models.responses.inputitems.InputItemListParams;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The OpenAI SDK's Responses API through the gateway to backends that do not speak it: Anthropic, Gemini and Ollama fakes. */
class ResponsesTranslatedE2eTest extends GatewayE2eTest {
    private static final String ANTHROPIC_PATH = "/v1/messages";
    private static final String GEMINI_PATH = "/v1beta/models/gemini-3.5-flash:generateContent";
    private static final String OLLAMA_PATH = "/api/chat";

    private static final FunctionTool WEATHER = FunctionTool.builder().name("get_weather").strict(false)
            .parameters(FunctionTool.Parameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                    .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string")))).build())
            .build();

    private static String text(Response response) {
        return response.output().stream().filter(ResponseOutputItem::isMessage)
                .flatMap(m -> m.asMessage().content().stream()).map(c -> c.asOutputText().text()).findFirst().orElseThrow();
    }

    private static List<ResponseFunctionToolCall> calls(Response response) {
        return response.output().stream().filter(ResponseOutputItem::isFunctionCall).map(ResponseOutputItem::asFunctionCall).toList();
    }

    @Test
    void aPlainAnswerFromAnthropicIsAResponseThatIsStoredAndListed() {
        ANTHROPIC.on(ANTHROPIC_PATH, json(200, Fixtures.text("anthropic/plain/upstream-response.json")));

        Response response = sdk().responses().create(ResponseCreateParams.builder().model("claude-sonnet-4-5")
                .instructions("Be brief.").input("Why is the sky blue?").maxOutputTokens(64).build());

        assertThat(text(response)).startsWith("Rayleigh scattering");
        assertThat(response.status()).hasValue(ResponseStatus.COMPLETED);
        assertThat(response.usage().orElseThrow().inputTokens()).isEqualTo(21);
        assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(17);
        JsonNode sent = Json.tree(ANTHROPIC.last().bodyText());
        assertThat(sent.at("/system").toString()).contains("Be brief.");
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(64);

        Response again = sdk().responses().retrieve(response.id());
        assertThat(text(again)).isEqualTo(text(response));
        var items = sdk().responses().inputItems().list(InputItemListParams.builder().responseId(response.id()).build());
        assertThat(items.data()).singleElement().satisfies(item ->
                assertThat(item.asResponseInputMessageItem().content().getFirst().asInputText().text()).isEqualTo("Why is the sky blue?"));
        sdk().responses().delete(response.id());
        assertThatThrownBy(() -> sdk().responses().retrieve(response.id())).isInstanceOf(NotFoundException.class);
    }

    /** reasoning.effort reaches Claude as a thinking budget; its thinking comes back as a reasoning item. */
    @Test
    void reasoningEffortIsClaudesThinkingAndItsThinkingIsAReasoningItem() {
        ANTHROPIC.on(ANTHROPIC_PATH, json(200, Fixtures.text("anthropic/thinking/upstream-response.json")));

        Response response = sdk().responses().create(ResponseCreateParams.builder().model("claude-sonnet-4-5")
                .input("Are there an infinite number of prime numbers such that n mod 4 == 3?").maxOutputTokens(1000)
                .reasoning(com.openai.models.Reasoning.builder().effort(com.openai.models.ReasoningEffort.LOW)
                        .summary(com.openai.models.Reasoning.Summary.AUTO).build()).build());

        JsonNode sent = Json.tree(ANTHROPIC.last().bodyText());
        assertThat(sent.get("thinking")).isEqualTo(Json.tree("{\"type\":\"enabled\",\"budget_tokens\":2048}"));
        assertThat(sent.get("max_tokens").asInt()).as("the answer's 1000 on top of the budget").isEqualTo(3048);
        var reasoning = response.output().stream().filter(ResponseOutputItem::isReasoning).map(ResponseOutputItem::asReasoning)
                .findFirst().orElseThrow();
        assertThat(reasoning.content().orElseThrow().getFirst().text()).startsWith("Let me analyze this step by step.");
        assertThat(text(response)).isEqualTo("Yes, there are infinitely many prime numbers such that n mod 4 = 3.");
    }

    @Test
    void streamsArriveIncrementallyAsTheSemanticEventSequenceFromEachBackend() {
        stream("claude-sonnet-4-5", ANTHROPIC, ANTHROPIC_PATH,
                "text/event-stream", FakeUpstream.events(Fixtures.text("anthropic/stream/upstream-stream.txt"), "\n\n"), 4);
        stream("gemini-2.5-flash", GEMINI, "/v1beta/models/gemini-2.5-flash:streamGenerateContent",
                "text/event-stream", FakeUpstream.events(Fixtures.text("gemini/stream/upstream-stream.txt"), "\r\n\r\n"), 1);
        stream("ollama/llama3.2", OLLAMA, OLLAMA_PATH,
                "application/x-ndjson", FakeUpstream.events(Fixtures.text("ollama/stream/upstream-stream.txt"), "\n"), 1);
    }

    private void stream(String model, FakeUpstream fake, String path, String type, List<byte[]> parts, int before) {
        CountDownLatch firstDelta = new CountDownLatch(1);
        AtomicBoolean held = new AtomicBoolean();
        fake.on(path, FakeUpstream.gatedStream(type, parts, before, firstDelta, held));
        List<ResponseStreamEvent> events = new ArrayList<>();
        StringBuilder text = new StringBuilder();

        try (StreamResponse<ResponseStreamEvent> s = sdk().responses().createStreaming(ResponseCreateParams.builder()
                .model(model).input("Say café").build())) {
            s.stream().forEach(event -> {
                event.outputTextDelta().ifPresent(d -> {
                    firstDelta.countDown();
                    text.append(d.delta());
                });
                events.add(event);
            });
        }

        assertThat(held).as(model + ": the first delta reached the client while the upstream held the rest").isTrue();
        assertThat(events.getFirst().isCreated()).isTrue();
        assertThat(events.get(1).isInProgress()).isTrue();
        Response done = events.getLast().asCompleted().response();
        assertThat(text(done)).isEqualTo(text.toString()).isNotEmpty();
        assertThat(events.stream().filter(ResponseStreamEvent::isOutputTextDone).findFirst().orElseThrow().asOutputTextDone().text())
                .isEqualTo(text.toString());
        assertThat(done.usage()).isPresent();
        assertThat(sdk().responses().retrieve(done.id()).id()).as("a streamed response is stored too").isEqualTo(done.id());
    }

    @Test
    void structuredOutputGoesThroughChatsSchemaHandling() {
        OLLAMA.on(OLLAMA_PATH, json(200, Fixtures.text("ollama/json-schema/upstream-response.json")));
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"),
                "country", Map.of("type", "string")), "required", List.of("city", "country"), "additionalProperties", false);
        ResponseFormatTextJsonSchemaConfig.Schema.Builder schemaBuilder = ResponseFormatTextJsonSchemaConfig.Schema.builder();
        schema.forEach((k, v) -> schemaBuilder.putAdditionalProperty(k, JsonValue.from(v)));

        Response response = sdk().responses().create(ResponseCreateParams.builder().model("ollama/llama3.2")
                .input("Capital of France?").text(ResponseTextConfig.builder().format(ResponseFormatTextJsonSchemaConfig.builder()
                        .name("capital").strict(true).schema(schemaBuilder.build()).build()).build()).build());

        assertThat(Json.tree(text(response)).get("city").asText()).isEqualTo("Paris");
        assertThat(Json.tree(OLLAMA.last().bodyText()).get("format")).isEqualTo(Json.MAPPER.valueToTree(schema));
    }

    /** Three turns carried by previous_response_id; Gemini's thought signature rides in the call id and goes back upstream. */
    @Test
    void aFunctionCallLoopOverThreeTurnsOnGemini() {
        GEMINI.on(GEMINI_PATH, json(200, Fixtures.text("gemini/tools/upstream-response.json")));
        Response first = sdk().responses().create(ResponseCreateParams.builder().model("gemini-3.5-flash")
                .input("Weather in Paris and London?").addTool(WEATHER).build());
        List<ResponseFunctionToolCall> calls = calls(first);
        assertThat(calls).hasSize(2);
        assertThat(calls.getFirst().name()).isEqualTo("get_weather");
        assertThat(Json.tree(calls.getFirst().arguments()).get("location").asText()).isEqualTo("Paris");

        GEMINI.on(GEMINI_PATH, json(200, Fixtures.text("gemini/plain/upstream-response.json")));
        Response second = sdk().responses().create(ResponseCreateParams.builder().model("gemini-3.5-flash")
                .previousResponseId(first.id()).addTool(WEATHER).inputOfResponse(List.of(
                        output(calls.get(0).callId(), "18C"), output(calls.get(1).callId(), "12C"))).build());
        JsonNode contents = Json.tree(GEMINI.last().bodyText()).get("contents");
        assertThat(contents.at("/0/parts/0/text").asText()).isEqualTo("Weather in Paris and London?");
        assertThat(contents.at("/1/parts/0/functionCall/name").asText()).isEqualTo("get_weather");
        assertThat(contents.at("/1/parts/0/thoughtSignature").asText()).isEqualTo("CikBjz1rX+2mO/Qf3vLx8kPZyH4eW1Tn9aB7cD0eF2gf4iepC/JjdKI=");
        assertThat(contents.toString()).contains("functionResponse").contains("18C").contains("12C");
        assertThat(text(second)).isNotEmpty();

        sdk().responses().create(ResponseCreateParams.builder().model("gemini-3.5-flash").previousResponseId(second.id())
                .input("Thanks!").build());
        JsonNode third = Json.tree(GEMINI.last().bodyText()).get("contents");
        assertThat(third.get(third.size() - 1).at("/parts/0/text").asText()).isEqualTo("Thanks!");
        assertThat(third.get(third.size() - 2).at("/role").asText()).isEqualTo("model");
    }

    @Test
    void aFunctionCallLoopOverThreeTurnsOnAnthropic() {
        ANTHROPIC.on(ANTHROPIC_PATH, json(200, Fixtures.text("anthropic/tools/upstream-response.json")));
        Response first = sdk().responses().create(ResponseCreateParams.builder().model("claude-sonnet-4-5")
                .input("Weather in Paris and Lyon?").addTool(WEATHER).build());
        List<ResponseFunctionToolCall> calls = calls(first);
        assertThat(calls).extracting(ResponseFunctionToolCall::callId)
                .containsExactly("toolu_01A09q90qw90lq917835lq9", "toolu_01B7X2mNq5bY3kTz8RfV4cWd");

        ANTHROPIC.on(ANTHROPIC_PATH, json(200, Fixtures.text("anthropic/plain/upstream-response.json")));
        Response second = sdk().responses().create(ResponseCreateParams.builder().model("claude-sonnet-4-5")
                .previousResponseId(first.id()).addTool(WEATHER)
                .inputOfResponse(List.of(output(calls.get(0).callId(), "18C"), output(calls.get(1).callId(), "15C"))).build());
        JsonNode messages = Json.tree(ANTHROPIC.last().bodyText()).get("messages");
        assertThat(messages.at("/1/content/1/type").asText()).isEqualTo("tool_use");
        assertThat(messages.at("/2/content/0/tool_use_id").asText()).isEqualTo("toolu_01A09q90qw90lq917835lq9");

        sdk().responses().create(ResponseCreateParams.builder().model("claude-sonnet-4-5").previousResponseId(second.id())
                .input("Thanks!").build());
        JsonNode third = Json.tree(ANTHROPIC.last().bodyText()).get("messages");
        assertThat(third.size()).isEqualTo(5);
        assertThat(third.at("/3/role").asText()).isEqualTo("assistant");
    }

    /** A reasoning tool loop on Claude keeps its reasoning: the signed thinking of turn one reaches Anthropic in turn two. */
    @Test
    void aReasoningToolLoopOnClaudeGivesTheSignedThinkingBack() {
        ANTHROPIC.on(ANTHROPIC_PATH, json(200, """
                {"id":"msg_01Aq9w938a90dw8q","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
                 "content":[{"type":"thinking","thinking":"I should call get_weather for Paris.","signature":"EuYBCkQYAiJAgCs1le6"},
                  {"type":"tool_use","id":"toolu_01CswdEQBMshySk6Y9DFKrfq","name":"get_weather","input":{"city":"Paris"}}],
                 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":42,"output_tokens":61}}"""));
        var reasoning = com.openai.models.Reasoning.builder().effort(com.openai.models.ReasoningEffort.LOW).build();
        Response first = sdk().responses().create(ResponseCreateParams.builder().model("claude-sonnet-4-5")
                .input("Weather in Paris?").addTool(WEATHER).reasoning(reasoning).build());
        assertThat(first.output().getFirst().isReasoning()).isTrue();

        ANTHROPIC.on(ANTHROPIC_PATH, json(200, Fixtures.text("anthropic/plain/upstream-response.json")));
        sdk().responses().create(ResponseCreateParams.builder().model("claude-sonnet-4-5").previousResponseId(first.id())
                .addTool(WEATHER).reasoning(reasoning)
                .inputOfResponse(List.of(output(calls(first).getFirst().callId(), "18C"))).build());

        JsonNode sent = Json.tree(ANTHROPIC.last().bodyText());
        assertThat(sent.at("/thinking/type").asText()).as("thinking stays on").isEqualTo("enabled");
        assertThat(sent.at("/messages/1/content/0")).isEqualTo(Json.tree(
                "{\"type\":\"thinking\",\"thinking\":\"I should call get_weather for Paris.\",\"signature\":\"EuYBCkQYAiJAgCs1le6\"}"));
        assertThat(sent.at("/messages/1/content/1/type").asText()).isEqualTo("tool_use");
    }

    @Test
    void storeFalseKeepsNothingAndUnknownIdsAre404() {
        OLLAMA.on(OLLAMA_PATH, json(200, Fixtures.text("ollama/plain/upstream-response.json")));
        Response response = sdk().responses().create(ResponseCreateParams.builder().model("ollama/llama3.2").input("hi").store(false).build());
        assertThatThrownBy(() -> sdk().responses().retrieve(response.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> sdk().responses().create(ResponseCreateParams.builder().model("ollama/llama3.2")
                .previousResponseId(response.id()).input("again").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.getMessage()).contains(response.id()));
    }

    @Test
    void aParameterTheBackendCannotHonourIsA400NamingIt() {
        int calls = OLLAMA.received().size();
        assertThatThrownBy(() -> sdk().responses().create(ResponseCreateParams.builder().model("ollama/llama3.2").input("hi")
                .putAdditionalBodyProperty("background", JsonValue.from(true)).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage()).contains("background"));
        assertThat(OLLAMA.received()).hasSize(calls);
    }

    private static ResponseInputItem output(String callId, String output) {
        return ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder().callId(callId).output(output).build());
    }
}
