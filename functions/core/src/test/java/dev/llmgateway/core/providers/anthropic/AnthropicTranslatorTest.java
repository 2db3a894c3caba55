package dev.llmgateway.core.providers.anthropic;

import org.junit.jupiter.params.provider.MethodSource;
import dev.llmgateway.core.testing.BadUsage;
import dev.llmgateway.core.api.UsageCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.StreamTranslator;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.Auth;
import dev.llmgateway.core.spi.Endpoint;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.stream.SseDecoder;
import dev.llmgateway.core.testing.BodyBytes;
import dev.llmgateway.core.testing.Fixtures;
import dev.llmgateway.core.testing.TranslatorFixtures;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicTranslatorTest {
    private static final String BASE = "https://api.anthropic.test";

    private final AnthropicTranslator translator = translator(NativeStructuredOutput.auto());
    private final TranslatorFixtures fixtures = new TranslatorFixtures("anthropic", translator);
    /** A deployment that turned native structured output off: json_schema goes through the forced tool. */
    private final TranslatorFixtures rewriteFixtures = new TranslatorFixtures("anthropic",
            translator(NativeStructuredOutput.of("none")));

    private static AnthropicTranslator translator(NativeStructuredOutput nativeOutput) {
        return new AnthropicTranslator(new Endpoint("anthropic", BASE, Auth.header("x-api-key", "sk-ant-test")),
                Duration.ofSeconds(5), AnthropicMessages.DEFAULT_MAX_TOKENS,
                nativeOutput);
    }

    // ---- golden fixtures ----

    @Test
    void plainChatPostsToV1MessagesWithVersionHeaderAndMapsParameters() {
        HttpRequest upstream = fixtures.assertUpstreamRequest("plain", "claude-sonnet-4-5");
        assertThat(upstream.uri().toString()).isEqualTo(BASE + "/v1/messages");
        assertThat(upstream.headers().firstValue("x-api-key")).hasValue("sk-ant-test");
        assertThat(upstream.headers().firstValue("anthropic-version")).hasValue("2023-06-01");
        assertThat(upstream.headers().firstValue("authorization")).isEmpty();
        assertThat(fixtures.assertResponse("plain", "claude-sonnet-4-5").usage()).isEqualTo(Usage.of(21, 17));
    }

    @Test
    void systemAndDeveloperMessagesGoToSystemAndSameRoleTurnsMerge() {
        // Also: no max_tokens from the client gives the documented default.
        fixtures.assertUpstreamRequest("multi-turn", "claude-haiku-4-5");
    }

    @Test
    void toolsTranslateBothWaysKeepingToolUseIdsAndArgumentsAsJsonText() {
        fixtures.assertUpstreamRequest("tools", "claude-sonnet-4-5");
        fixtures.assertResponse("tools", "claude-sonnet-4-5");
    }

    @Test
    void streamedToolCallsAreNumberedByToolCallNotByContentBlock() {
        fixtures.assertUpstreamRequest("tools-stream", "claude-sonnet-4-5");
        StreamResult result = fixtures.assertStream("tools-stream", "claude-sonnet-4-5");
        assertThat(result.finishReason()).isEqualTo("tool_calls");
        assertThat(result.usage()).isEqualTo(Usage.of(472, 89));
    }

    @Test
    void aStreamWithExactlyOneToolCallFinishesWithToolCalls() {
        // The shape of Anthropic's streaming reference example: text, then a single tool_use block.
        fixtures.assertUpstreamRequest("tools-stream-single", "claude-sonnet-4-5");
        StreamResult result = fixtures.assertStream("tools-stream-single", "claude-sonnet-4-5");
        assertThat(result.finishReason()).isEqualTo("tool_calls");
        assertThat(result.usage()).isEqualTo(Usage.of(472, 89));
    }

    @Test
    void toolResultsBecomeOneUserTurnAndCacheReadsCountAsPromptTokens() {
        fixtures.assertUpstreamRequest("tool-results", "claude-sonnet-4-5");
        assertThat(fixtures.assertResponse("tool-results", "claude-sonnet-4-5").usage()).isEqualTo(Usage.of(457, 20, 412));
    }

    @Test
    void jsonSchemaUsesNativeOutputConfigOnModelsThatSupportIt() {
        fixtures.assertUpstreamRequest("json-schema-native", "claude-sonnet-4-5");
        fixtures.assertResponse("json-schema-native", "claude-sonnet-4-5");
    }

    @Test
    void jsonSchemaThroughTheForcedToolComesBackAsContentWithFinishStop() {
        rewriteFixtures.assertUpstreamRequest("json-schema-tool", "claude-haiku-4-5");
        rewriteFixtures.assertResponse("json-schema-tool", "claude-haiku-4-5");
    }

    @Test
    void streamedForcedToolArgumentsBecomeContentDeltasWithFinishStop() {
        rewriteFixtures.assertUpstreamRequest("json-schema-tool-stream", "claude-haiku-4-5");
        StreamResult result = rewriteFixtures.assertStream("json-schema-tool-stream", "claude-haiku-4-5");
        assertThat(result.finishReason()).isEqualTo("stop");
    }

    // ---- reasoning_effort as extended thinking ----

    @Test
    void reasoningEffortAsksForAThinkingBudgetOnTopOfTheAnswersMaxTokensAndThinkingComesBackAsReasoningContent() {
        fixtures.assertUpstreamRequest("thinking", "claude-sonnet-4-5");
        fixtures.assertResponse("thinking", "claude-sonnet-4-5");
    }

    @Test
    void streamedThinkingBecomesReasoningContentDeltasAndTheSignatureStaysBehind() {
        fixtures.assertUpstreamRequest("thinking-stream", "claude-sonnet-4-5");
        StreamResult result = fixtures.assertStream("thinking-stream", "claude-sonnet-4-5");
        assertThat(result.usage()).isEqualTo(Usage.of(18, 95));
    }

    @Test
    void aToolLoopThatSendsTheSignedThinkingBackKeepsThinkingOn() {
        fixtures.assertUpstreamRequest("thinking-tool-loop", "claude-sonnet-4-5");
    }

    @Test
    void aBadThinkingBlockIsA400NamingItsPath() {
        assertThatThrownBy(() -> ChatRequest.parse(("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"x\",\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"t\"}]}]}")
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.param()).isEqualTo("messages[1].thinking_blocks[0].signature"));
    }

    private JsonNode upstreamBody(String request) {
        ChatRequest chat = ChatRequest.parse(request.getBytes(StandardCharsets.UTF_8));
        return Json.tree(new String(BodyBytes.of(translator.call(chat, "claude-sonnet-4-5", false).request()), StandardCharsets.UTF_8));
    }

    @Test
    void aTurnAnsweringToolResultsAndEffortNoneRunWithoutThinking() {
        JsonNode toolTurn = upstreamBody("{\"model\":\"m\",\"reasoning_effort\":\"high\",\"max_tokens\":100,\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Weather?\"},{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"toolu_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"w\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"toolu_1\",\"content\":\"sunny\"}]}");
        assertThat(toolTurn.has("thinking")).isFalse();
        assertThat(toolTurn.get("max_tokens").asInt()).isEqualTo(100);
        JsonNode none = upstreamBody("{\"model\":\"m\",\"reasoning_effort\":\"none\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(none.has("thinking")).isFalse();
    }

    @Test
    void thinkingWithATemperatureOrAForcedToolIsA400NamingTheField() {
        assertThatThrownBy(() -> upstreamBody("{\"model\":\"m\",\"reasoning_effort\":\"low\",\"temperature\":0.2,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.param()).isEqualTo("temperature"));
        assertThatThrownBy(() -> upstreamBody("{\"model\":\"m\",\"reasoning_effort\":\"low\",\"tool_choice\":\"required\","
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"w\",\"parameters\":{\"type\":\"object\"}}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.param()).isEqualTo("reasoning_effort"));
        assertThatThrownBy(() -> ChatRequest.parse("{\"model\":\"m\",\"reasoning_effort\":\"extreme\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.param()).isEqualTo("reasoning_effort");
                    assertThat(e.getMessage()).contains("none, minimal, low, medium, high");
                });
    }

    @Test
    void jsonObjectIsAskedForBySystemInstruction() {
        fixtures.assertUpstreamRequest("json-object", "claude-sonnet-4-5");
        fixtures.assertResponse("json-object", "claude-sonnet-4-5");
    }

    @Test
    void dataUrlsBecomeBase64SourcesAndWebUrlsUrlSources() {
        fixtures.assertUpstreamRequest("images", "claude-sonnet-4-5");
    }

    @Test
    void textStreamSurvivesEverySplitInsideUtf8AndIgnoresPing() {
        fixtures.assertUpstreamRequest("stream", "claude-opus-4-8");
        StreamResult result = fixtures.assertStream("stream", "claude-opus-4-8");
        assertThat(result.finishReason()).isEqualTo("stop");
        assertThat(result.usage()).isEqualTo(Usage.of(14, 19));
    }

    @Test
    void streamUsageTakesCumulativeCountsOnceIncludingCacheTokens() {
        fixtures.assertUpstreamRequest("stream-cache", "claude-sonnet-4-5");
        StreamResult result = fixtures.assertStream("stream-cache", "claude-sonnet-4-5");
        // 12 uncached + 248 cache writes + 1800 cache reads: counted once although message_delta repeats them.
        assertThat(result.usage()).isEqualTo(Usage.builder().input(12).cacheRead(1800).cacheWrite5m(248).output(40).build());
        assertThat(result.finishReason()).isEqualTo("length");
    }

    // ---- stream failures ----

    @Test
    void errorEventInsideA200StreamIsAnUpstreamErrorAfterTheChunksBeforeIt() {
        List<String> chunks = new ArrayList<>();
        assertThatThrownBy(() -> replay("stream-error/upstream-stream.txt", chunks))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(502); // overloaded_error is Anthropic's 529
                    assertThat(e.isUpstream()).isTrue();
                    assertThat(e.getMessage()).contains("Overloaded");
                });
        assertThat(chunks).hasSize(1);
        assertThat(Json.tree(chunks.getFirst()).path("choices").path(0).path("delta").path("content").asText())
                .isEqualTo("Bonjour");
    }

    @Test
    void errorEventBeforeAnyContentSendsNoChunkAndKeepsItsStatus() {
        String stream = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"claude-opus-4-8\",\"content\":[],\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}\n\n"
                + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Rate limited\"}}\n\n";
        List<String> chunks = new ArrayList<>();
        assertThatThrownBy(() -> replayText(stream, chunks)).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.type()).isEqualTo("rate_limit_error");
        });
        assertThat(chunks).as("nothing reached the client, so the edge can still answer with the status").isEmpty();
    }

    @Test
    void streamEndingWithoutMessageStopIsAnErrorNotASuccess() {
        List<String> chunks = new ArrayList<>();
        assertThatThrownBy(() -> replay("stream-truncated/upstream-stream.txt", chunks))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.getMessage()).contains("ended before it was complete");
                    assertThat(e.status()).isEqualTo(502);
                });
        assertThat(chunks).noneMatch(c -> c.contains("finish_reason\":\"stop"));
    }

    // ---- errors ----

    @Test
    void rateLimitKeeps429AndRetryAfter() {
        GatewayError e = translator.error(429, headers(Map.of("retry-after", List.of("30"))),
                Fixtures.bytes("anthropic/errors/rate-limit.json"));
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.type()).isEqualTo("rate_limit_error");
        assertThat(e.code()).isEqualTo("rate_limit_exceeded");
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(e.getMessage()).contains("exceed the rate limit");
        assertThat(e.isUpstream()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "401, authentication.json, 401, authentication_error, invalid x-api-key",
            "403, permission.json, 403, permission_error, does not have permission",
            "404, not-found.json, 404, invalid_request_error, model: claude-sonnet-9",
            "400, invalid-request.json, 400, invalid_request_error, appears to be a image/jpeg image",
            "529, overloaded.json, 502, upstream_error, Overloaded",
    })
    void errorBodiesMapToOpenAiStatusesWithAnthropicsMessage(int status, String file, int expected, String type, String text) {
        GatewayError e = translator.error(status, headers(Map.of()), Fixtures.bytes("anthropic/errors/" + file));
        assertThat(e.status()).isEqualTo(expected);
        assertThat(e.type()).isEqualTo(type);
        assertThat(e.getMessage()).contains(text).doesNotContain("\"type\"");
    }

    @Test
    void overloadedKeepsRetryAfterAndNonJsonBodiesKeepTheirText() {
        GatewayError e = translator.error(529, headers(Map.of("retry-after", List.of("5"))),
                Fixtures.bytes("anthropic/errors/overloaded.json"));
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        GatewayError html = translator.error(503, headers(Map.of()), "upstream connect error".getBytes(StandardCharsets.UTF_8));
        assertThat(html.status()).isEqualTo(502);
        assertThat(html.getMessage()).contains("upstream connect error");
    }

    // ---- parameters: translated or rejected by name ----

    @Test
    void temperatureAboveOneIsRejectedNamingIt() {
        assertRejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":1.5}",
                "temperature", 400);
        assertThat(body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":1}")
                .path("temperature").asDouble()).isEqualTo(1.0);
    }

    @Test
    void seedNAndUnknownFieldsAreRejectedByName() {
        assertRejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"seed\":7}", "seed", 400);
        assertRejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":2}", "n", 400);
        assertRejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"logprobs\":true}", "logprobs", 400);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"auto\"                                              | {\"type\":\"auto\"}",
            "\"none\"                                              | {\"type\":\"none\"}",
            "\"required\"                                          | {\"type\":\"any\"}",
            "{\"type\":\"function\",\"function\":{\"name\":\"f\"}} | {\"type\":\"tool\",\"name\":\"f\"}",
    })
    void toolChoiceModesMap(String openAi, String anthropic) {
        var body = body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":" + openAi + "}");
        assertThat(body.path("tool_choice")).isEqualTo(Json.tree(anthropic));
        assertThat(body.path("tools").path(0).path("input_schema")).isEqualTo(Json.tree("{\"type\":\"object\"}"));
    }

    @Test
    void parallelToolCallsFalseDisablesParallelToolUse() {
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"strict\":true,\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}}}]";
        var noChoice = body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]," + tools
                + ",\"parallel_tool_calls\":false}");
        assertThat(noChoice.path("tool_choice")).isEqualTo(Json.tree("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"));
        assertThat(noChoice.path("tools").path(0).path("strict").asBoolean()).isTrue();
        var forced = body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]," + tools
                + ",\"tool_choice\":\"required\",\"parallel_tool_calls\":false}");
        assertThat(forced.path("tool_choice")).isEqualTo(Json.tree("{\"type\":\"any\",\"disable_parallel_tool_use\":true}"));
    }

    @Test
    void forcedToolChoiceWithoutToolsIsRejected() {
        assertRejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tool_choice\":\"required\"}",
                "tool_choice", 400);
    }

    @Test
    void imagesWhereAnthropicTakesNoneAndUnsupportedImageTypesAreRejectedNamingThePart() {
        assertRejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":"
                + "[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/a.png\"}}]}]}", "messages[1].content[0]", 400);
        assertRejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":"
                + "{\"url\":\"data:image/bmp;base64,Qk0=\"}}]}]}", "messages[0].content[0].image_url.url", 400);
        assertRejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":"
                + "{\"url\":\"ftp://example.com/a.png\"}}]}]}", "messages[0].content[0].image_url.url", 400);
    }

    @Test
    void malformedToolCallArgumentsAreRejectedNamingTheCall() {
        assertRejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"tool_calls\":"
                + "[{\"id\":\"toolu_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{oops\"}}]}]}",
                "messages[1].tool_calls[0].function.arguments", 400);
    }

    @Test
    void jsonSchemaRewriteRefusesClientToolsButNativeKeepsThem() {
        String request = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"s\",\"schema\":{\"type\":\"object\"}}}}";
        ChatRequest parsed = ChatRequest.parse(request.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> translator.call(parsed, "claude-3-7-sonnet-20250219", false).request())
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.param()).isEqualTo("response_format"));
        var nativeBody = Json.tree(BodyBytes.of(translator.call(parsed, "claude-sonnet-4-5", false).request()), "test");
        assertThat(nativeBody.path("tools").size()).isEqualTo(1);
        assertThat(nativeBody.path("output_config").path("format").path("type").asText()).isEqualTo("json_schema");
    }

    @ParameterizedTest
    @CsvSource({
            "claude-sonnet-4-5, true", "claude-sonnet-4-5-20250929, true", "claude-haiku-4-5, true",
            "claude-opus-4-8, true", "claude-sonnet-5, true", "claude-opus-5, true", "claude-sonnet-4-6, true",
            "claude-opus-4-1, false", "claude-opus-4-1-20250805, false", "claude-opus-4-20250514, false",
            "claude-3-7-sonnet-20250219, false", "deepseek-chat, false",
    })
    void autoDetectsNativeStructuredOutputFromVersionFourPointFive(String model, boolean expected) {
        assertThat(NativeStructuredOutput.auto().test(model)).isEqualTo(expected);
    }

    @Test
    void nativeStructuredOutputListIsConfigurable() {
        var listed = NativeStructuredOutput.of("kimi-, glm-4.6");
        assertThat(listed.test("kimi-k2")).isTrue();
        assertThat(listed.test("claude-sonnet-4-5")).isFalse();
        assertThat(NativeStructuredOutput.of("all").test("x")).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "end_turn, false, stop", "stop_sequence, false, stop", "max_tokens, false, length",
            "model_context_window_exceeded, false, length", "tool_use, true, tool_calls", "tool_use, false, stop",
            "end_turn, true, tool_calls", "refusal, false, content_filter", "pause_turn, false, stop",
    })
    void stopReasonsMapToFinishReasons(String stopReason, boolean calledTools, String finish) {
        assertThat(StopReasons.finish(stopReason, calledTools)).isEqualTo(finish);
    }

    // ---- helpers ----

    private com.fasterxml.jackson.databind.JsonNode body(String request) {
        ChatRequest parsed = ChatRequest.parse(request.getBytes(StandardCharsets.UTF_8));
        return Json.tree(BodyBytes.of(translator.call(parsed, "claude-sonnet-4-5", false).request()), "test");
    }

    private void assertRejected(String request, String param, int status) {
        assertThatThrownBy(() -> body(request)).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.param()).isEqualTo(param);
            assertThat(e.getMessage()).contains(param);
            assertThat(e.isUpstream()).isFalse();
        });
    }

    private void replay(String fixture, List<String> chunks) throws Exception {
        replayText(Fixtures.text("anthropic/" + fixture), chunks);
    }

    /** Feeds a whole stream through the decoder and translator, collecting chunks until it finishes or throws. */
    private void replayText(String stream, List<String> chunks) throws Exception {
        ChatRequest request = ChatRequest.parse("{\"model\":\"claude-opus-4-8\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}"
                .getBytes(StandardCharsets.UTF_8));
        StreamTranslator st = translator.call(request, "claude-opus-4-8", true).stream(json -> chunks.add(new String(json, StandardCharsets.UTF_8)));
        SseDecoder decoder = new SseDecoder();
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        decoder.feed(bytes, 0, bytes.length, st::onFrame);
        decoder.finish(st::onFrame);
        st.finish();
    }

    private static HttpHeaders headers(Map<String, List<String>> values) {
        return HttpHeaders.of(values, (a, b) -> true);
    }

    /** Finding 1: an upstream's negative, fractional, textual or absurd token count reaches the usage check as such. */
    @ParameterizedTest
    @MethodSource("dev.llmgateway.core.testing.BadUsage#counts")
    void aBadTokenCountIsNotReadAsAPlausibleNumber(String count, UsageCheck.Problem problem) {
        String body = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"x\"}],\"stop_reason\":\"end_turn\","
                + "\"usage\":{\"input_tokens\":4,\"cache_read_input_tokens\":" + count + ",\"output_tokens\":5}}";
        BadUsage.assertFlagged(translator.call(BadUsage.REQUEST, "claude-sonnet-4-5", false).response(body.getBytes(StandardCharsets.UTF_8)).usage(),
                problem);
    }
}
