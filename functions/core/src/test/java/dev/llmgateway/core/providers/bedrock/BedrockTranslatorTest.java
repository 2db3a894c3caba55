package dev.llmgateway.core.providers.bedrock;

import dev.llmgateway.core.api.UsageCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.ChunkEmitter;
import dev.llmgateway.core.spi.StopSequence;
import dev.llmgateway.core.spi.StreamResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/** The translation alone, on SDK model objects: no client, no I/O. */
class BedrockTranslatorTest {
    private static final BedrockTranslator TRANSLATOR = new BedrockTranslator("bedrock");
    private static final String USER_HI = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";
    private static final String TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\"}}}";
    private static final String TOOL_HISTORY = "\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"},"
            + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"tooluse_1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"tooluse_1\",\"content\":\"sunny\"}]";

    // ---- requests: what cannot be honoured is rejected by name ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"seed\":7," + USER_HI + "| seed",
            "\"n\":2," + USER_HI + "| n",
            "\"logprobs\":true," + USER_HI + "| logprobs",
            "\"parallel_tool_calls\":false,\"tools\":[" + TOOL + "]," + USER_HI + "| parallel_tool_calls",
            "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\"}}]}]"
                    + "| messages[0].content[0].image_url",
            "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"x\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/bmp;base64,Qk0=\"}}]}]"
                    + "| messages[0].content[1].image_url",
            "\"messages\":[{\"role\":\"system\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AA==\"}}]},{\"role\":\"user\",\"content\":\"x\"}]"
                    + "| messages[0].content",
            "\"tool_choice\":\"none\",\"tools\":[" + TOOL + "]," + TOOL_HISTORY + "| tool_choice",
            TOOL_HISTORY + "| tools",
            "\"tools\":[" + TOOL + "],\"response_format\":{\"type\":\"json_object\"}," + USER_HI + "| response_format"})
    void untranslatableFieldsAreRejectedByName(String body, String param) {
        assertThatThrownBy(() -> TRANSLATOR.request(parse("{\"model\":\"bedrock/m\"," + body + "}"), "m"))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo(param);
                    assertThat(e.isUpstream()).isFalse();
                });
    }

    @Test
    void malformedToolCallsInTheHistoryAreRejectedByName() {
        String noId = "{\"model\":\"m\",\"tools\":[" + TOOL + "],\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
                + "{\"role\":\"assistant\",\"tool_calls\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]}]}";
        assertThatThrownBy(() -> TRANSLATOR.request(parse(noId), "m"))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.param()).isEqualTo("messages[1].tool_calls[0].id"));
        String badArgs = noId.replace("\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}",
                "\"id\":\"t1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"[1,2]\"}");
        assertThatThrownBy(() -> TRANSLATOR.request(parse(badArgs), "m"))
                .isInstanceOfSatisfying(GatewayError.class,
                        e -> assertThat(e.param()).isEqualTo("messages[1].tool_calls[0].function.arguments"));
    }

    @Test
    void toolChoiceNoneWithoutToolHistoryWithholdsTheTools() {
        var call = TRANSLATOR.request(parse("{\"model\":\"m\",\"tool_choice\":\"none\",\"tools\":[" + TOOL + "]," + USER_HI + "}"), "m");
        assertThat(call.tools()).isNull();
        assertThat(call.converseRequest().toolConfig()).isNull();
    }

    @Test
    void jsonObjectModeForcesTheStructuredOutputToolWithAnyObjectSchema() {
        var call = TRANSLATOR.request(parse("{\"model\":\"m\",\"response_format\":{\"type\":\"json_object\"}," + USER_HI + "}"), "m");
        assertThat(call.structuredOutput()).isTrue();
        var spec = call.tools().tools().getFirst().toolSpec();
        assertThat(spec.name()).isEqualTo("structured_output");
        assertThat(Documents.json(spec.inputSchema().json())).isEqualTo(Json.object().put("type", "object"));
        assertThat(call.tools().toolChoice().tool().name()).isEqualTo("structured_output");
    }

    @Test
    void emptyAssistantTextBesideToolCallsSendsNoBlankBlock() {
        var call = TRANSLATOR.request(parse("{\"model\":\"m\",\"tools\":[" + TOOL + "],"
                + TOOL_HISTORY.replace("{\"role\":\"assistant\",", "{\"role\":\"assistant\",\"content\":\"\",") + "}"), "m");
        var assistant = call.messages().get(1);
        assertThat(assistant.role()).isEqualTo(ConversationRole.ASSISTANT);
        assertThat(assistant.content()).hasSize(1);
        assertThat(assistant.content().getFirst().toolUse().toolUseId()).isEqualTo("tooluse_1");
    }

    @Test
    void reasoningEffortOnClaudeIsExtendedThinkingWithTheBudgetOnTopOfTheAnswersTokens() {
        String claude = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
        var request = TRANSLATOR.request(parse("{\"model\":\"m\",\"reasoning_effort\":\"low\"," + USER_HI + "}"), claude).converseRequest();
        assertThat(request.additionalModelRequestFields().asMap().get("thinking").asMap())
                .isEqualTo(Map.of("type", Document.fromString("enabled"), "budget_tokens", Document.fromNumber(2048)));
        assertThat(request.inferenceConfig().maxTokens()).isEqualTo(BedrockTranslator.DEFAULT_ANSWER_TOKENS + 2048);
        var capped = TRANSLATOR.request(parse("{\"model\":\"m\",\"reasoning_effort\":\"high\",\"max_tokens\":500," + USER_HI + "}"), claude);
        assertThat(capped.converseRequest().inferenceConfig().maxTokens()).isEqualTo(500 + 24576);
        assertThat(TRANSLATOR.request(parse("{\"model\":\"m\",\"reasoning_effort\":\"none\"," + USER_HI + "}"), claude)
                .converseRequest().additionalModelRequestFields()).isNull();
        assertThatThrownBy(() -> TRANSLATOR.request(parse("{\"model\":\"m\",\"reasoning_effort\":\"low\"," + USER_HI + "}"), "amazon.nova-pro-v1:0"))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.param()).isEqualTo("reasoning_effort"));
    }

    @Test
    void reasoningTextComesBackAsReasoningContentBuffferedAndStreamed() throws IOException {
        ContentBlock thought = ContentBlock.fromReasoningContent(r -> r.reasoningText(t -> t.text("Paris is the capital.").signature("sig")));
        JsonNode answer = Json.tree(new String(TRANSLATOR.completion(response("end_turn", thought, ContentBlock.fromText("Paris")), false, "m")
                .body(), StandardCharsets.UTF_8));
        assertThat(answer.at("/choices/0/message/reasoning_content").asText()).isEqualTo("Paris is the capital.");
        assertThat(answer.at("/choices/0/message/content").asText()).isEqualTo("Paris");

        List<byte[]> chunks = new ArrayList<>();
        BedrockStream stream = new BedrockStream("bedrock", new ChunkEmitter(chunks::add, parse("{\"model\":\"m\"," + USER_HI + "}"), "m"),
                false, List.of());
        stream.onEvent(ConverseStreamOutput.contentBlockDeltaBuilder().contentBlockIndex(0)
                .delta(d -> d.reasoningContent(r -> r.text("Thinking..."))).build());
        stream.onEvent(ConverseStreamOutput.contentBlockDeltaBuilder().contentBlockIndex(0)
                .delta(d -> d.reasoningContent(r -> r.signature("sig"))).build());
        assertThat(chunks).as("the signature waits for the block's end").hasSize(1);
        assertThat(Json.tree(new String(chunks.getFirst(), StandardCharsets.UTF_8)).at("/choices/0/delta/reasoning_content").asText())
                .isEqualTo("Thinking...");
        stream.onEvent(ConverseStreamOutput.contentBlockStopBuilder().contentBlockIndex(0).build());
        assertThat(Json.tree(new String(chunks.get(1), StandardCharsets.UTF_8)).at("/choices/0/delta/thinking_blocks"))
                .isEqualTo(Json.tree("[{\"type\":\"thinking\",\"thinking\":\"Thinking...\",\"signature\":\"sig\"}]"));
        assertThat(answer.at("/choices/0/message/thinking_blocks/0/signature").asText()).isEqualTo("sig");
    }

    @Test
    void aToolLoopThatSendsTheSignedReasoningBackKeepsThinkingOn() {
        String claude = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
        String loop = "{\"model\":\"m\",\"reasoning_effort\":\"low\",\"tools\":[" + TOOL + "],\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Weather?\"},{\"role\":\"assistant\",\"thinking_blocks\":["
                + "{\"type\":\"thinking\",\"thinking\":\"Call it.\",\"signature\":\"sig-7\"},{\"type\":\"redacted_thinking\",\"data\":\"AAEC\"}],"
                + "\"tool_calls\":[{\"id\":\"tooluse_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"tooluse_1\",\"content\":\"sunny\"}]}";
        var request = TRANSLATOR.request(parse(loop), claude).converseRequest();
        assertThat(request.additionalModelRequestFields()).as("thinking stays on").isNotNull();
        var assistant = request.messages().get(1).content();
        assertThat(assistant.get(0).reasoningContent().reasoningText().signature()).isEqualTo("sig-7");
        assertThat(assistant.get(1).reasoningContent().redactedContent().asByteArray()).containsExactly(0, 1, 2);
        assertThat(assistant.get(2).toolUse().toolUseId()).isEqualTo("tooluse_1");
        String unsigned = loop.replaceAll("\"thinking_blocks\":\\[.*?\\],", "");
        assertThat(TRANSLATOR.request(parse(unsigned), claude).converseRequest().additionalModelRequestFields())
                .as("without the signed reasoning the tool-result turn runs without thinking").isNull();
    }

    // ---- responses ----

    @ParameterizedTest
    @CsvSource({
            "end_turn, false, false, stop",
            "stop_sequence, false, false, stop",
            "end_turn, true, false, tool_calls",
            "tool_use, true, false, tool_calls",
            "tool_use, true, true, stop",
            "max_tokens, false, false, length",
            "max_tokens, true, true, length",
            "model_context_window_exceeded, false, false, length",
            "guardrail_intervened, false, false, content_filter",
            "content_filtered, false, false, content_filter",
            "some_future_reason, false, false, stop"})
    void stopReasonsMapToOpenAiFinishReasons(String stopReason, boolean calledTools, boolean structured, String expected) {
        assertThat(BedrockTranslator.finishReason(stopReason, calledTools, structured, "bedrock")).isEqualTo(expected);
    }

    @Test
    void aStopSequenceStopNamesTheSequenceClaudeReportsOrTheOnlyOneSet() {
        Document named = Document.fromMap(Map.of("stop_sequence", Document.fromString("###")));
        assertThat(BedrockTranslator.stopSequence("stop_sequence", named, List.of("DONE", "###")))
                .isEqualTo(new StopSequence("###"));
        assertThat(BedrockTranslator.stopSequence("stop_sequence", null, List.of("DONE")))
                .as("a model that does not name it, with one sequence set").isEqualTo(new StopSequence("DONE"));
        assertThat(BedrockTranslator.stopSequence("stop_sequence", null, List.of("DONE", "###")))
                .as("unnamed among several: a stop sequence, which one unknown").isEqualTo(new StopSequence(null));
        assertThat(BedrockTranslator.stopSequence("stop_sequence", Document.fromMap(Map.of("stop_sequence",
                Document.fromString("elsewhere"))), List.of("DONE", "###")))
                .as("a name the client never set is not trusted").isEqualTo(new StopSequence(null));
        assertThat(BedrockTranslator.stopSequence("end_turn", named, List.of("###"))).isNull();
        assertThat(BedrockTranslator.stopSequence("max_tokens", null, List.of("###"))).isNull();
    }

    @Test
    void malformedOutputIsAnUpstreamFailureNotAnAnswer() {
        ConverseResponse response = response("malformed_tool_use", ContentBlock.fromText("x"));
        assertThatThrownBy(() -> TRANSLATOR.completion(response, false, "m"))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.isUpstream()).isTrue();
                    assertThat(e.getMessage()).contains("malformed_tool_use");
                });
    }

    @Test
    void toolOnlyAnswerHasNullContentButTheRewriteNeverDoes() {
        ContentBlock use = ContentBlock.fromToolUse(ToolUseBlock.builder().toolUseId("tooluse_x").name("f")
                .input(Documents.of(Json.tree("{\"a\":[1,2.5,{\"b\":null}],\"big\":123456789012345678901234567890}"))).build());
        JsonNode plain = Json.tree(new String(TRANSLATOR.completion(response("tool_use", use), false, "m").body(), StandardCharsets.UTF_8));
        JsonNode message = plain.at("/choices/0/message");
        assertThat(message.get("content").isNull()).isTrue();
        assertThat(message.at("/tool_calls/0/function/arguments").asText())
                .isEqualTo("{\"a\":[1,2.5,{\"b\":null}],\"big\":123456789012345678901234567890}");

        JsonNode truncated = Json.tree(new String(TRANSLATOR.completion(response("max_tokens"), true, "m").body(), StandardCharsets.UTF_8));
        assertThat(truncated.at("/choices/0/message/content").asText()).isEmpty();
        assertThat(truncated.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void usageKeepsUncachedInputCacheReadsAndCacheWritesApart() {
        assertThat(BedrockTranslator.usage(TokenUsage.builder().inputTokens(5).outputTokens(7).totalTokens(12).build()))
                .isEqualTo(Usage.of(5, 7));
        assertThat(BedrockTranslator.usage(TokenUsage.builder().inputTokens(5).outputTokens(7).cacheReadInputTokens(100)
                .cacheWriteInputTokens(20).totalTokens(132).build()))
                .isEqualTo(Usage.builder().input(5).cacheRead(100).cacheWrite5m(20).output(7).build())
                .satisfies(u -> assertThat(u.promptTokens()).as("OpenAI's prompt_tokens").isEqualTo(125));
        assertThat(BedrockTranslator.usage(null)).isNull();
    }

    // ---- streams, event by event ----

    @Test
    void toolCallIndexFollowsTheOrderCallsStartedNotTheContentBlockIndex() throws IOException {
        List<JsonNode> chunks = new ArrayList<>();
        BedrockStream stream = stream(chunks, false, false);
        stream.onEvent(toolStart(3, "tooluse_a", "first"));
        stream.onEvent(toolStart(1, "tooluse_b", "second"));
        stream.onEvent(toolInput(1, "{\"x\":1}"));
        stream.onEvent(toolInput(3, "{\"y\":2}"));
        stream.onEvent(ConverseStreamOutput.messageStopBuilder().stopReason("end_turn").build());
        StreamResult result = stream.finish();
        assertThat(chunks).extracting(c -> c.at("/choices/0/delta/tool_calls/0/index").asInt(-1))
                .containsExactly(0, 1, 1, 0, -1);
        assertThat(chunks.get(2).at("/choices/0/delta/tool_calls/0/function/arguments").asText()).isEqualTo("{\"x\":1}");
        assertThat(result.finishReason()).as("end_turn on a tool turn").isEqualTo("tool_calls");
    }

    @Test
    void toolInputForABlockThatNeverStartedIsAnUpstreamError() {
        BedrockStream stream = stream(new ArrayList<>(), false, false);
        assertThatThrownBy(() -> stream.onEvent(toolInput(0, "{}")))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.isUpstream()).isTrue());
    }

    @Test
    void usageComesOnlyOnTheLastChunkAndOnlyWhenAskedFor() throws IOException {
        for (boolean includeUsage : new boolean[] {true, false}) {
            List<JsonNode> chunks = new ArrayList<>();
            BedrockStream stream = stream(chunks, includeUsage, false);
            stream.onEvent(ConverseStreamOutput.messageStartBuilder().role("assistant").build());
            stream.onEvent(ConverseStreamOutput.contentBlockDeltaBuilder().contentBlockIndex(0).delta(d -> d.text("Hi")).build());
            stream.onEvent(ConverseStreamOutput.messageStopBuilder().stopReason("end_turn").build());
            assertThat(chunks).as("the finish waits for the metadata event").hasSize(1);
            stream.onEvent(ConverseStreamOutput.metadataBuilder().usage(u -> u.inputTokens(4).outputTokens(1).totalTokens(5)
                    .cacheReadInputTokens(10)).build());
            StreamResult result = stream.finish();
            assertThat(result.usage()).isEqualTo(Usage.of(14, 1, 10));
            assertThat(chunks).hasSize(includeUsage ? 3 : 2);
            for (int i = 0; i < chunks.size() - 1; i++) assertThat(chunks.get(i).has("usage")).isFalse();
            JsonNode last = chunks.getLast();
            if (includeUsage) {
                assertThat(last.get("choices")).isEmpty();
                assertThat(last.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isEqualTo(10);
            } else {
                assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
            }
        }
    }

    @Test
    void streamWithoutMessageStopCannotFinish() throws IOException {
        List<JsonNode> chunks = new ArrayList<>();
        BedrockStream stream = stream(chunks, true, false);
        stream.onEvent(ConverseStreamOutput.contentBlockDeltaBuilder().contentBlockIndex(0).delta(d -> d.text("Hi")).build());
        assertThatThrownBy(stream::finish).isInstanceOfSatisfying(GatewayError.class,
                e -> assertThat(e.getMessage()).contains("ended before it was complete"));
        assertThat(chunks).noneMatch(c -> c.at("/choices/0/finish_reason").isTextual());
    }

    @Test
    void rewriteStreamShowsTheToolInputAsContentAndHidesTheCall() throws IOException {
        List<JsonNode> chunks = new ArrayList<>();
        BedrockStream stream = stream(chunks, false, true);
        stream.onEvent(toolStart(0, "tooluse_s", "structured_output"));
        stream.onEvent(toolInput(0, "{\"a\":"));
        stream.onEvent(toolInput(0, "1}"));
        stream.onEvent(ConverseStreamOutput.messageStopBuilder().stopReason("tool_use").build());
        assertThat(stream.finish().finishReason()).isEqualTo("stop");
        assertThat(chunks).noneMatch(c -> c.toString().contains("tool_calls"));
        assertThat(chunks.get(0).at("/choices/0/delta/content").asText() + chunks.get(1).at("/choices/0/delta/content").asText())
                .isEqualTo("{\"a\":1}");
    }

    // ---- helpers ----

    private static ChatRequest parse(String json) {
        return ChatRequest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static BedrockStream stream(List<JsonNode> chunks, boolean includeUsage, boolean structured) {
        ChatRequest request = parse("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":" + includeUsage + "}," + USER_HI + "}");
        return new BedrockStream("bedrock", new ChunkEmitter(json -> chunks.add(Json.tree(new String(json, StandardCharsets.UTF_8))), request, "m"),
                structured, List.of());
    }

    private static ConverseStreamOutput toolStart(int block, String id, String name) {
        return ConverseStreamOutput.contentBlockStartBuilder().contentBlockIndex(block)
                .start(s -> s.toolUse(t -> t.toolUseId(id).name(name))).build();
    }

    private static ConverseStreamOutput toolInput(int block, String input) {
        return ConverseStreamOutput.contentBlockDeltaBuilder().contentBlockIndex(block)
                .delta(d -> d.toolUse(t -> t.input(input))).build();
    }

    private static ConverseResponse response(String stopReason, ContentBlock... blocks) {
        return ConverseResponse.builder().stopReason(stopReason)
                .output(o -> o.message(m -> m.role(ConversationRole.ASSISTANT).content(blocks)))
                .usage(u -> u.inputTokens(1).outputTokens(1).totalTokens(2)).build();
    }

    /** Finding 1: Converse's counts are SDK integers; their sum must not wrap to a small or negative number. */
    @Test
    void tokenCountsThatOverflowAnIntAreAbsurdAndNegativeOnesStayNegative() {
        Usage huge = BedrockTranslator.usage(TokenUsage.builder().inputTokens(Integer.MAX_VALUE).cacheReadInputTokens(Integer.MAX_VALUE)
                .cacheWriteInputTokens(2).outputTokens(1).build());
        assertThat(UsageCheck.DEFAULT.problem(huge, null)).isEqualTo(UsageCheck.Problem.ABSURD);
        Usage negative = BedrockTranslator.usage(TokenUsage.builder().inputTokens(-1_000_000).cacheReadInputTokens(10).outputTokens(-5).build());
        assertThat(UsageCheck.DEFAULT.problem(negative, null)).isEqualTo(UsageCheck.Problem.NEGATIVE);
    }
}
