package dev.llmgateway.core.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.MessagesRequest;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.MessagesApi;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Inbound Messages on an OpenAI-chat provider: the request, the buffered answer and the event stream. */
class MessagesTranslationTest {
    private final FakeUpstream fake = new FakeUpstream();

    @AfterEach
    void close() {
        fake.close();
    }

    private MessagesApi openai() {
        Env env = Env.of(Map.of("OPENAI_API_KEY", "sk-fake", "OPENAI_BASE_URL", fake.baseUrl() + "/v1"));
        return MessagesOn.provider(Catalogue.OPENAI.create(env, UpstreamHttp.fromEnv(env)), "gpt-4o");
    }

    private static MessagesRequest request(String json) {
        return MessagesRequest.parse(json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    @Test
    void everySupportedFieldBecomesItsOpenAiCounterpart() {
        var chat = MessagesToChat.translate(request(Fixtures.text("messages/openai-request.json")), "openai");
        assertThat(chat.raw()).isEqualTo(Json.tree(Fixtures.text("messages/openai-request-as-chat.json")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"top_k\":5                                        | top_k",
            "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024} | thinking",
            "\"service_tier\":\"auto\"                         | service_tier",
            "\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}] | tools[0].type",
    })
    void aFieldTheBackendCannotHonourIsA400NamingIt(String field, String param) {
        MessagesRequest request = request("{\"model\":\"gpt-4o\",\"max_tokens\":5,\"messages\":[]," + field + "}");
        assertThatThrownBy(() -> MessagesToChat.translate(request, "openai")).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.param()).isEqualTo(param);
        });
    }

    @Test
    void anUnsupportedBlockIsA400NamingWhereItIs() {
        MessagesRequest request = request("{\"model\":\"gpt-4o\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"document\",\"source\":{\"type\":\"text\",\"media_type\":\"text/plain\",\"data\":\"x\"}}]}]}");
        assertThatThrownBy(() -> MessagesToChat.translate(request, "openai"))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.param()).isEqualTo("messages[0].content[0].type"));
    }

    @ParameterizedTest
    @CsvSource({"auto,\"auto\"", "none,\"none\"", "any,\"required\""})
    void toolChoiceMaps(String type, String openAi) {
        var chat = MessagesToChat.translate(request("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tool_choice\":{\"type\":\""
                + type + "\"}}"), "openai");
        assertThat(chat.raw().get("tool_choice").toString()).isEqualTo(openAi);
        var named = MessagesToChat.translate(request("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"tool_choice\":{\"type\":\"tool\",\"name\":\"f\"}}"), "openai");
        assertThat(named.raw().get("tool_choice").toString()).isEqualTo("{\"type\":\"function\",\"function\":{\"name\":\"f\"}}");
    }

    @ParameterizedTest
    @CsvSource({"stop,end_turn", "length,max_tokens", "tool_calls,tool_use", "function_call,tool_use", "content_filter,refusal"})
    void stopReasonsMap(String finish, String stop) {
        assertThat(ChatToMessages.stopReason(finish)).isEqualTo(stop);
    }

    @Test
    void aBufferedAnswerIsAnAnthropicMessageWithToolUseBlocksAndCacheReads() throws Exception {
        fake.on("/v1/chat/completions", FakeUpstream.json(200, """
                {"id":"chatcmpl-77","object":"chat.completion","created":1741569952,"model":"gpt-4o-2024-08-06",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Checking both.","tool_calls":[
                   {"id":"call_a1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                   "finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":80,"completion_tokens":30,"total_tokens":110,"prompt_tokens_details":{"cached_tokens":64}}}
                """));

        Completion answer = openai().messages(request("{\"model\":\"openai/gpt-4o\",\"max_tokens\":64,\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]}"), "gpt-4o");

        assertThat(Json.tree(answer.body())).isEqualTo(Json.tree("""
                {"id":"msg_77","type":"message","role":"assistant","model":"openai/gpt-4o","content":[
                  {"type":"text","text":"Checking both."},
                  {"type":"tool_use","id":"call_a1","name":"get_weather","input":{"city":"Paris"}}],
                 "stop_reason":"tool_use","stop_sequence":null,
                 "usage":{"input_tokens":16,"cache_creation_input_tokens":0,"cache_read_input_tokens":64,"output_tokens":30}}
                """));
        assertThat(answer.usage()).isEqualTo(Usage.of(80, 30, 64));
        assertThat(Json.tree(fake.last().bodyText()).at("/messages/0/content").asText()).isEqualTo("Weather in Paris?");
    }

    @Test
    void theStreamIsAnthropicsEventSequenceWholeAndByteByByte() throws Exception {
        String upstream = Fixtures.text("messages/openai-tools-stream/upstream-stream.txt");
        String expected = Fixtures.text("messages/openai-tools-stream/events.txt");
        byte[] bytes = upstream.getBytes(StandardCharsets.UTF_8);
        List<byte[]> oneByOne = new ArrayList<>();
        for (byte b : bytes) oneByOne.add(new byte[] {b});

        for (List<byte[]> parts : List.of(List.of(bytes), oneByOne)) {
            fake.on("/v1/chat/completions", FakeUpstream.stream("text/event-stream", parts, 0));
            ByteArrayOutputStream client = new ByteArrayOutputStream();
            StreamResult result = openai().streamMessages(request("{\"model\":\"openai/gpt-4o\",\"max_tokens\":64,\"stream\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}]}"), "gpt-4o", client::writeBytes);

            assertThat(client.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
            assertThat(result.usage()).isEqualTo(Usage.of(80, 30, 64));
            assertThat(Json.tree(fake.last().bodyText()).at("/stream_options/include_usage").asBoolean()).isTrue();
        }
    }
}
