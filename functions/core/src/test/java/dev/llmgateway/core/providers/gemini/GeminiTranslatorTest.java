package dev.llmgateway.core.providers.gemini;

import org.junit.jupiter.params.provider.MethodSource;
import dev.llmgateway.core.testing.BadUsage;
import dev.llmgateway.core.api.UsageCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.http.StreamTranslator;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.Auth;
import dev.llmgateway.core.spi.Endpoint;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.stream.SseDecoder;
import dev.llmgateway.core.testing.BodyBytes;
import dev.llmgateway.core.testing.TranslatorFixtures;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiTranslatorTest {
    private static final String SIGNATURE = "CikBjz1rX+2mO/Qf3vLx8kPZyH4eW1Tn9aB7cD0eF2gf4iepC/JjdKI=";

    private final GeminiTranslator translator = new GeminiTranslator(
            new Endpoint("gemini", "https://gemini.test", Auth.header("x-goog-api-key", "test-key")), Duration.ofSeconds(5));
    private final TranslatorFixtures fixtures = new TranslatorFixtures("gemini", translator);

    @Test
    void plainChatMapsSamplingIntoGenerationConfigAndSendsTheKeyAsAHeader() {
        HttpRequest upstream = fixtures.assertUpstreamRequest("plain", "gemini-2.5-flash");
        assertThat(upstream.uri().toString()).isEqualTo("https://gemini.test/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(upstream.uri().toString()).doesNotContain("test-key");
        assertThat(upstream.headers().firstValue("x-goog-api-key")).hasValue("test-key");
        // Thinking tokens are output the client pays for: 10 candidates + 22 thoughts.
        assertThat(fixtures.assertResponse("plain", "gemini-2.5-flash").usage()).isEqualTo(Usage.builder().input(8).output(32).reasoning(22).build());
    }

    @Test
    void systemAndDeveloperMessagesBecomeTheSystemInstructionAndSameRoleTurnsMerge() {
        fixtures.assertUpstreamRequest("system-merge", "gemini-3.5-flash");
    }

    @Test
    void toolsBecomeFunctionDeclarationsAndCallsComeBackAsToolCallsWithTheirSignatureInTheId() {
        fixtures.assertUpstreamRequest("tools", "gemini-3.5-flash");
        fixtures.assertResponse("tools", "gemini-3.5-flash");
    }

    @Test
    void streamedFunctionCallsGetConsecutiveIndexesAndFinishAsToolCalls() {
        HttpRequest upstream = fixtures.assertUpstreamRequest("tools-stream", "gemini-3.5-flash");
        assertThat(upstream.uri().toString())
                .isEqualTo("https://gemini.test/v1beta/models/gemini-3.5-flash:streamGenerateContent?alt=sse");
        StreamResult result = fixtures.assertStream("tools-stream", "gemini-3.5-flash");
        assertThat(result.finishReason()).isEqualTo("tool_calls");
        assertThat(result.usage()).isEqualTo(Usage.builder().input(60).output(80).reasoning(44).build());
    }

    @Test
    void toolResultsRoundTripWithSignaturesFunctionNamesAndObjectResponses() {
        fixtures.assertUpstreamRequest("tool-results", "gemini-3.5-flash");
        fixtures.assertResponse("tool-results", "gemini-3.5-flash");
    }

    @Test
    void olderModelsGetNoStandInSignature() {
        ChatRequest request = fixtures.clientRequest("tool-results");
        String body = new String(BodyBytes.of(translator.call(request, "gemini-2.5-flash", false).request()), StandardCharsets.UTF_8);
        assertThat(body).contains(SIGNATURE).doesNotContain(ThoughtSignatures.SKIP_VALIDATION);
    }

    @Test
    void toolResultForAnUnknownCallIdIsRejectedByName() {
        ChatRequest request = parse("{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_nowhere\",\"content\":\"42\"}]}");
        assertThatThrownBy(() -> translator.call(request, "gemini-2.5-flash", false).request())
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("messages[1].tool_call_id");
                });
    }

    @Test
    void olderModelsGetAConvertedResponseSchemaAndTheDroppedKeywordsAreLogged() {
        List<LogRecord> records = new ArrayList<>();
        Logger logger = Logger.getLogger(GeminiRequestBody.class.getName());
        Handler handler = new Handler() {
            @Override public void publish(LogRecord record) { records.add(record); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        logger.addHandler(handler);
        try {
            fixtures.assertUpstreamRequest("json-schema-converted", "gemini-2.0-flash");
        } finally {
            logger.removeHandler(handler);
        }
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.WARNING);
            String message = java.text.MessageFormat.format(r.getMessage(), r.getParameters());
            assertThat(message).contains("models/gemini-2.0-flash", "response_format.json_schema.schema",
                    "$schema", "additionalProperties", "exclusiveMinimum", "format (date)", "format (email)", "uniqueItems");
        });
        fixtures.assertResponse("json-schema-converted", "gemini-2.0-flash");
    }

    @Test
    void newerModelsGetTheJsonSchemaUnchangedAsResponseJsonSchema() {
        fixtures.assertUpstreamRequest("json-schema", "gemini-2.5-flash");
        fixtures.assertResponse("json-schema", "gemini-2.5-flash");
    }

    @Test
    void jsonObjectModeSetsOnlyTheResponseMimeType() {
        fixtures.assertUpstreamRequest("json-object", "gemini-2.5-flash");
        fixtures.assertResponse("json-object", "gemini-2.5-flash");
    }

    @Test
    void dataUrlsGoInlineAndHttpsUrlsAsFileData() {
        fixtures.assertUpstreamRequest("image", "gemini-2.5-flash");
    }

    @Test
    void plainHttpImageUrlIsRejectedNamingTheField() {
        ChatRequest request = parse("{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"x\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"http://example.com/cat.png\"}}]}]}");
        assertThatThrownBy(() -> translator.call(request, "gemini-2.5-flash", false).request())
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("messages[0].content[1].image_url");
                    assertThat(e.code()).isEqualTo("unsupported_parameter");
                });
    }

    @Test
    void streamSurvivesEveryByteSplitInsideMultiByteUtf8AndTakesTheLastUsage() {
        fixtures.assertUpstreamRequest("stream", "gemini-2.5-flash");
        StreamResult result = fixtures.assertStream("stream", "gemini-2.5-flash");
        assertThat(result.finishReason()).isEqualTo("stop");
        assertThat(result.usage()).isEqualTo(Usage.builder().input(11).output(24).reasoning(15).build());
    }

    @Test
    void cachedTokensAreReportedButNotAddedToThePromptAgain() {
        fixtures.assertUpstreamRequest("usage-cached", "gemini-2.5-pro");
        Usage usage = fixtures.assertResponse("usage-cached", "gemini-2.5-pro").usage();
        assertThat(usage).isEqualTo(Usage.builder().input(24).cacheRead(4096).output(126).reasoning(120).build());
        assertThat(usage.totalTokens()).isEqualTo(4246); // Gemini's own totalTokenCount
    }

    @Test
    void aBlockedPromptIsAContentFilterAnswerWithItsPromptUsage() {
        assertThat(fixtures.assertResponse("blocked-prompt", "gemini-2.5-flash").usage()).isEqualTo(Usage.of(7, 0));
    }

    @Test
    void maxTokensIsLength() {
        fixtures.assertResponse("max-tokens", "gemini-2.5-flash");
    }

    @ParameterizedTest
    @CsvSource({
            "STOP, false, stop",
            "STOP, true, tool_calls",
            "MAX_TOKENS, false, length",
            "SAFETY, false, content_filter",
            "RECITATION, false, content_filter",
            "BLOCKLIST, false, content_filter",
            "PROHIBITED_CONTENT, false, content_filter",
            "SPII, false, content_filter",
            "IMAGE_SAFETY, false, content_filter",
            "LANGUAGE, false, content_filter",
            "OTHER, false, stop",
            "FINISH_REASON_UNSPECIFIED, false, stop",
            "SOMETHING_NEW, true, tool_calls"})
    void finishReasonsMapToOpenAiValues(String gemini, boolean calledTools, String openAi) {
        String body = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":["
                + (calledTools ? "{\"functionCall\":{\"name\":\"f\",\"args\":{}}}" : "{\"text\":\"x\"}")
                + "]},\"finishReason\":\"" + gemini + "\"}]}";
        byte[] out = translator.call(parse(minimal()), "gemini-2.5-flash", false).response(body.getBytes(StandardCharsets.UTF_8)).body();
        assertThat(Json.tree(new String(out, StandardCharsets.UTF_8)).path("choices").path(0).path("finish_reason").asText())
                .isEqualTo(openAi);
    }

    @Test
    void aMalformedFunctionCallIsAnUpstreamErrorNotAnEmptyStop() {
        byte[] body = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[]},\"finishReason\":\"MALFORMED_FUNCTION_CALL\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> translator.call(parse(minimal()), "gemini-2.5-flash", false).response(body))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.getMessage()).contains("MALFORMED_FUNCTION_CALL");
                });
    }

    // ---- errors ----

    @Test
    void rateLimitKeepsItsStatusAndRetryAfter() {
        GatewayError e = translator.error(429, headers(Map.of("retry-after", "17")),
                bytes("{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check quota).\",\"status\":\"RESOURCE_EXHAUSTED\"}}"));
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.code()).isEqualTo("rate_limit_exceeded");
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(17));
        assertThat(e.getMessage()).contains("Resource has been exhausted", "RESOURCE_EXHAUSTED");
    }

    @Test
    void rateLimitWithoutHeaderTakesRetryInfoFromTheBody() {
        GatewayError e = translator.error(429, headers(Map.of()), bytes("{\"error\":{\"code\":429,\"message\":\"Quota exceeded\","
                + "\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\","
                + "\"retryDelay\":\"36.5s\"}]}}"));
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(37));
    }

    @Test
    void invalidApiKeyIsAnAuthenticationError() {
        GatewayError e = translator.error(400, headers(Map.of()), bytes("{\"error\":{\"code\":400,\"message\":\"API key not valid. "
                + "Please pass a valid API key.\",\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":"
                + "\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\"}]}}"));
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.code()).isEqualTo("invalid_api_key");
    }

    @ParameterizedTest
    @CsvSource({"400, 400, INVALID_ARGUMENT", "403, 403, PERMISSION_DENIED", "404, 404, NOT_FOUND",
            "500, 502, INTERNAL", "503, 502, UNAVAILABLE"})
    void errorStatusesMapLikeEveryProvider(int upstream, int client, String status) {
        GatewayError e = translator.error(upstream, headers(Map.of()),
                bytes("{\"error\":{\"code\":" + upstream + ",\"message\":\"boom\",\"status\":\"" + status + "\"}}"));
        assertThat(e.status()).isEqualTo(client);
        assertThat(e.isUpstream()).isTrue();
        assertThat(e.getMessage()).contains("gemini", "boom", status);
        if (upstream == 404) assertThat(e.code()).isEqualTo("model_not_found");
    }

    @Test
    void theResponseIdIsGeminisOwnBufferedAndStreamed() throws IOException {
        assertThat(translator.call(parse(minimal()), "gemini-2.5-flash", false)
                .response(dev.llmgateway.core.testing.Fixtures.bytes("gemini/plain/upstream-response.json")).responseId())
                .isEqualTo("mAitaLmkHPPlz7IPvtfUqQ4");
        List<String> chunks = new ArrayList<>();
        StreamTranslator stream = translator.call(parse(minimal()), "gemini-2.5-flash", true).stream(json -> chunks.add(new String(json, StandardCharsets.UTF_8)));
        byte[] events = dev.llmgateway.core.testing.Fixtures.bytes("gemini/stream/upstream-stream.txt");
        SseDecoder decoder = new SseDecoder();
        decoder.feed(events, 0, events.length, stream::onFrame);
        decoder.finish(stream::onFrame);
        assertThat(stream.finish().responseId()).isEqualTo("u1");
        assertThat(chunks).as("the chunks keep the gateway's own id").noneMatch(c -> c.contains("\"u1\""));
    }

    @Test
    void anErrorEventInsideTheStreamIsAGatewayError() {
        List<String> chunks = new ArrayList<>();
        StreamTranslator stream = translator.call(parse(minimal()), "gemini-2.5-flash", true).stream(json -> chunks.add(new String(json, StandardCharsets.UTF_8)));
        byte[] event = bytes("data: {\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}\r\n\r\n");
        assertThatThrownBy(() -> new SseDecoder().feed(event, 0, event.length, stream::onFrame))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.getMessage()).contains("overloaded");
                });
        assertThat(chunks).isEmpty();
    }

    @Test
    void aStreamEndingWithoutAFinishReasonIsIncompleteNotAShortAnswer() throws IOException {
        List<String> chunks = new ArrayList<>();
        StreamTranslator stream = translator.call(parse(minimal()), "gemini-2.5-flash", true).stream(json -> chunks.add(new String(json, StandardCharsets.UTF_8)));
        byte[] partial = bytes("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Half an ans\"}],\"role\":\"model\"}}],"
                + "\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":3,\"totalTokenCount\":6}}\r\n\r\n");
        SseDecoder decoder = new SseDecoder();
        decoder.feed(partial, 0, partial.length, stream::onFrame);
        decoder.finish(stream::onFrame);
        assertThatThrownBy(stream::finish).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.getMessage()).contains("ended before it was complete");
        });
        assertThat(chunks).noneMatch(c -> c.contains("finish_reason\":\"stop"));
    }

    // ---- request checks ----

    @Test
    void fieldsGeminiCannotHonourAreRejectedByName() {
        assertRejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":2}", "n");
        assertRejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"logprobs\":true}", "logprobs");
        assertRejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"seed\":4294967296}", "seed");
        assertRejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"parallel_tool_calls\":false,"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}", "parallel_tool_calls");
        assertRejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"g\"}}}", "tool_choice.function.name");
    }

    @Test
    void aModelNameThatWouldChangeTheUrlIsRejected() {
        for (String model : List.of("gemini-2.5-flash:generateContent?key=x", "../files/abc", "gemini 2.5")) {
            assertThatThrownBy(() -> translator.call(parse(minimal()), model, false).request())
                    .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.param()).isEqualTo("model"));
        }
        assertThat(translator.call(parse(minimal()), "tunedModels/my-model-7", false).request().uri().getPath())
                .isEqualTo("/v1beta/tunedModels/my-model-7:generateContent");
    }

    private void assertRejected(String json, String param) {
        assertThatThrownBy(() -> translator.call(parse(json), "gemini-2.5-flash", false).request())
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo(param);
                });
    }

    private static String minimal() {
        return "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private static ChatRequest parse(String json) {
        return ChatRequest.parse(bytes(json));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static HttpHeaders headers(Map<String, String> values) {
        Map<String, List<String>> multi = new java.util.HashMap<>();
        values.forEach((k, v) -> multi.put(k, List.of(v)));
        return HttpHeaders.of(multi, (a, b) -> true);
    }

    /** Finding 1: an upstream's negative, fractional, textual or absurd token count reaches the usage check as such. */
    @ParameterizedTest
    @MethodSource("dev.llmgateway.core.testing.BadUsage#counts")
    void aBadTokenCountIsNotReadAsAPlausibleNumber(String count, UsageCheck.Problem problem) {
        String body = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"x\"}],\"role\":\"model\"},\"finishReason\":\"STOP\"}],"
                + "\"usageMetadata\":{\"promptTokenCount\":7,\"candidatesTokenCount\":5,\"thoughtsTokenCount\":" + count + "}}";
        BadUsage.assertFlagged(translator.call(BadUsage.REQUEST, "gemini-2.5-flash", false).response(body.getBytes(StandardCharsets.UTF_8)).usage(),
                problem);
    }

    @Test
    void reasoningEffortIsAThinkingBudgetAndThoughtSummariesComeBackAsReasoningContent() {
        fixtures.assertUpstreamRequest("thinking", "gemini-2.5-flash");
        assertThat(fixtures.assertResponse("thinking", "gemini-2.5-flash").usage())
                .isEqualTo(Usage.builder().input(12).output(318).reasoning(307).build());
    }
}
