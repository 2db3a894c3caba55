package dev.llmgateway.core.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.ResponsesRequest;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.stream.SseDecoder;
import dev.llmgateway.core.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Responses on a chat provider: the request as chat, the buffered answer as output items, the chunks as semantic events. */
class ResponsesTranslationTest {
    private static final Pattern ITEM_ID = Pattern.compile("\\b(msg|fc|rs)_[A-Za-z0-9]{48}\\b");

    static ResponsesRequest request(String json) {
        return ResponsesRequest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    static ChatRequest chat(ResponsesRequest request) {
        return ResponsesToChat.translate(request, Json.MAPPER.createArrayNode(),
                InputItems.normalize(request.tree().get("input")), "anthropic");
    }

    @Test
    void everySupportedFieldBecomesItsChatCounterpart() {
        ChatRequest chat = chat(request(Fixtures.text("responses/translated/request.json")));
        assertThat(chat.raw()).isEqualTo(Json.tree(Fixtures.text("responses/translated/request-as-chat.json")));
    }

    @Test
    void aStringInputIsOneUserMessageAndAStreamAsksForUsage() {
        ChatRequest chat = chat(request("{\"model\":\"m\",\"input\":\"Hello\",\"stream\":true}"));
        assertThat(chat.raw().get("messages")).isEqualTo(Json.tree("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello\"}]}]"));
        assertThat(chat.stream()).isTrue();
        assertThat(chat.raw().at("/stream_options/include_usage").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"reasoning\":{\"effort\":\"maximal\"}                 | reasoning.effort",
            "\"reasoning\":{\"summary\":\"verbose\"}                | reasoning.summary",
            "\"background\":true                                  | background",
            "\"tools\":[{\"type\":\"web_search\"}]                | tools[0].type",
            "\"tool_choice\":{\"type\":\"file_search\"}           | tool_choice",
            "\"include\":[\"file_search_call.results\"]           | include",
            "\"truncation\":\"auto\"                              | truncation",
            "\"text\":{\"verbosity\":\"low\"}                     | text.verbosity",
            "\"service_tier\":\"flex\"                            | service_tier",
            "\"input\":[{\"type\":\"item_reference\",\"id\":\"x\"}] | input[0].type",
            "\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_file\",\"file_id\":\"f\"}]}] | input[0].content[0].type",
            "\"max_output_tokens\":8                              | max_output_tokens",
            "\"metadata\":{\"k\":1}                               | metadata",
    })
    void aParameterTheBackendCannotHonourIsA400NamingIt(String field, String param) {
        assertThatThrownBy(() -> chat(request("{\"model\":\"m\",\"input\":\"hi\"," + field + "}")))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo(param);
                });
    }

    @Test
    void reasoningEffortBecomesTheChatRequestsAndASummaryIsAccepted() {
        ChatRequest chat = chat(request("{\"model\":\"m\",\"input\":\"hi\",\"reasoning\":{\"effort\":\"high\",\"summary\":\"auto\"}}"));
        assertThat(chat.reasoningEffort()).isEqualTo(dev.llmgateway.core.api.ReasoningEffort.HIGH);
        assertThat(chat.raw().get("reasoning_effort").asText()).isEqualTo("high");
    }

    private static final String BLOCKS = "[{\"type\":\"thinking\",\"thinking\":\"Paris first.\",\"signature\":\"sig-1\"},"
            + "{\"type\":\"redacted_thinking\",\"data\":\"opaque\"}]";

    /** Claude's signed thinking rides in the reasoning item's encrypted_content and returns to the assistant turn it belongs to. */
    @Test
    void signedThinkingGoesOutInEncryptedContentAndComesBackToItsAssistantTurn() {
        Completion answer = new Completion(("{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"x\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":null,\"reasoning_content\":\"Paris first.\",\"thinking_blocks\":" + BLOCKS
                + ",\"tool_calls\":[{\"id\":\"toolu_1\",\"type\":\"function\",\"function\":{\"name\":\"w\",\"arguments\":\"{}\"}}]},"
                + "\"finish_reason\":\"tool_calls\"}]}").getBytes(StandardCharsets.UTF_8), Usage.of(1, 1));
        ArrayNode items = ChatToResponses.output(answer).items();
        JsonNode reasoning = items.get(0);
        assertThat(reasoning.path("type").asText()).isEqualTo("reasoning");
        assertThat(reasoning.path("encrypted_content").asText()).startsWith("gw-thinking.").doesNotContain("sig-1");
        assertThat(SignedThinking.decode(reasoning.get("encrypted_content"))).isEqualTo(Json.tree(BLOCKS));

        ArrayNode next = Json.MAPPER.createArrayNode();
        next.addObject().put("role", "user").put("content", "Weather in Paris?");
        next.add(reasoning);
        next.add(items.get(1));
        next.addObject().put("type", "function_call_output").put("call_id", "toolu_1").put("output", "sunny");
        ChatRequest chat = ResponsesToChat.translate(request("{\"model\":\"m\",\"input\":\"x\"}"), Json.MAPPER.createArrayNode(),
                InputItems.normalize(next), "anthropic");
        assertThat(chat.messages().get(1).thinkingBlocks()).extracting(b -> b.type()).containsExactly("thinking", "redacted_thinking");
        assertThat(chat.messages().get(1).thinkingBlocks().getFirst().signature()).isEqualTo("sig-1");
        assertThat(chat.messages().get(1).toolCalls()).hasSize(1);
    }

    @Test
    void encryptedContentThatIsNotTheGatewaysIsLeftOut() {
        assertThat(SignedThinking.decode(Json.tree("\"gAAAAABoISQ24OyVRYbkYfukuP1kZ-qbq\""))).isNull();
        assertThat(SignedThinking.decode(Json.tree("\"gw-thinking.!!not-base64!!\""))).isNull();
        assertThat(SignedThinking.decode(Json.tree("\"gw-thinking.e30\""))).as("an object, not blocks").isNull();
    }

    @Test
    void neutralValuesOfResponsesOnlyOptionsAreAccepted() {
        ChatRequest chat = chat(request("{\"model\":\"m\",\"input\":\"hi\",\"reasoning\":{\"effort\":null},\"include\":[],"
                + "\"truncation\":\"disabled\",\"text\":{\"format\":{\"type\":\"text\"}}}"));
        assertThat(chat.raw().has("response_format")).isFalse();
    }

    @Test
    void aBufferedChatAnswerBecomesTheResponseObject() throws Exception {
        ResponsesRequest request = request("{\"model\":\"claude-sonnet-4-5\",\"input\":\"Weather?\",\"instructions\":\"Be brief.\","
                + "\"metadata\":{\"session\":\"s-42\"},\"max_output_tokens\":64}");
        Completion chat = new Completion(("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"x\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Checking.\",\"tool_calls\":[{\"id\":"
                + "\"call_9\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
                + "\"finish_reason\":\"tool_calls\"}]}").getBytes(StandardCharsets.UTF_8), Usage.builder().input(20).cacheRead(64)
                .output(30).reasoning(10).build());

        ChatToResponses.Output output = ChatToResponses.output(chat);
        JsonNode response = new ResponseObject("resp_test", 1741569952, request)
                .render(ResponseObject.status(output.finishReason()), output.items(), chat.usage(), null);

        assertThat(Json.tree(normalize(Json.string(response)))).isEqualTo(Json.tree(Fixtures.text("responses/translated/response.json")));
    }

    @Test
    void aCutShortAnswerIsIncompleteWithItsReason() {
        assertThat(ResponseObject.status("length")).isEqualTo("incomplete");
        assertThat(ResponseObject.incompleteReason("length")).isEqualTo("max_output_tokens");
        assertThat(ResponseObject.incompleteReason("content_filter")).isEqualTo("content_filter");
        assertThat(ResponseObject.status("stop")).isEqualTo("completed");
    }

    /** The chat stream decoded at every split point, and byte by byte, gives the same events (ids normalised). */
    @Test
    void theStreamIsTheSemanticEventSequenceAtEveryByteSplit() throws Exception {
        byte[] upstream = Fixtures.bytes("messages/openai-tools-stream/upstream-stream.txt");
        String expected = Fixtures.text("responses/translated/events.txt");
        assertThat(normalize(translate(upstream, List.of(upstream.length)))).isEqualTo(expected);
        for (int split = 1; split < upstream.length; split++) {
            assertThat(normalize(translate(upstream, List.of(split, upstream.length)))).as("split at " + split).isEqualTo(expected);
        }
        List<Integer> everyByte = new ArrayList<>();
        for (int i = 1; i <= upstream.length; i++) everyByte.add(i);
        assertThat(normalize(translate(upstream, everyByte))).isEqualTo(expected);
    }

    @Test
    void sequenceNumbersIncreaseByOneAndEveryEventNamesItsType() throws Exception {
        byte[] upstream = Fixtures.bytes("messages/openai-tools-stream/upstream-stream.txt");
        String events = translate(upstream, List.of(upstream.length));
        List<String> types = new ArrayList<>();
        long[] next = {0};
        SseDecoder decoder = new SseDecoder();
        byte[] bytes = events.getBytes(StandardCharsets.UTF_8);
        decoder.feed(bytes, 0, bytes.length, frame -> {
            JsonNode data = Json.tree(frame.data());
            assertThat(data.get("type").asText()).isEqualTo(frame.event());
            assertThat(data.get("sequence_number").asLong()).isEqualTo(next[0]++);
            types.add(frame.event());
        });
        assertThat(types.getFirst()).isEqualTo("response.created");
        assertThat(types.getLast()).isEqualTo("response.completed");
    }

    static String translate(byte[] upstream, List<Integer> cuts) throws Exception {
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        ResponsesRequest request = request("{\"model\":\"claude-sonnet-4-5\",\"input\":\"Weather?\",\"stream\":true}");
        ChunksToResponseEvents events = new ChunksToResponseEvents(client::writeBytes, new ResponseObject("resp_test", 1741569952, request));
        SseDecoder decoder = new SseDecoder();
        int from = 0;
        for (int cut : cuts) {
            decoder.feed(upstream, from, cut - from, frame -> {
                if (!frame.data().equals("[DONE]")) events.send(frame.data().getBytes(StandardCharsets.UTF_8));
            });
            from = cut;
        }
        decoder.finish(frame -> { });
        events.finish(Usage.of(80, 30, 64), done -> { });
        return client.toString(StandardCharsets.UTF_8);
    }

    /** Random item ids as {@code msg_1}, {@code fc_2}, ... in order of appearance, so fixtures can name them. */
    static String normalize(String text) {
        Map<String, String> names = new LinkedHashMap<>();
        Matcher m = ITEM_ID.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = names.computeIfAbsent(m.group(), id -> m.group(1) + "_" + (names.size() + 1));
            m.appendReplacement(out, name);
        }
        m.appendTail(out);
        return out.toString();
    }
}
