package dev.llmgateway.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatRequestParserTest {
    private static ChatRequest parse(String json) {
        return ChatRequest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesEveryModelledField() {
        ChatRequest r = parse("""
                {"model":"gpt-4o","messages":[
                  {"role":"developer","content":"sys"},
                  {"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA","detail":"low"}}]},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\\"a\\":1}"}}]},
                  {"role":"tool","tool_call_id":"c1","content":"42"}],
                 "temperature":0.3,"top_p":0.8,"max_completion_tokens":100,"max_tokens":5,"stop":"END","seed":9,"n":1,
                 "tools":[{"type":"function","function":{"name":"f","description":"d","parameters":{"type":"object"},"strict":true}}],
                 "tool_choice":{"type":"function","function":{"name":"f"}},"parallel_tool_calls":false,
                 "response_format":{"type":"json_schema","json_schema":{"name":"x","strict":true,"schema":{"type":"object"}}},
                 "stream":true,"stream_options":{"include_usage":true},"user":"u","metadata":{"k":"v"},"logit_bias":{}}
                """);
        assertThat(r.model()).isEqualTo("gpt-4o");
        assertThat(r.messages()).hasSize(4);
        assertThat(r.messages().get(0).role()).isEqualTo(Role.SYSTEM);
        assertThat(r.messages().get(1).content().get(1)).isInstanceOfSatisfying(ContentPart.Image.class, i -> {
            assertThat(i.detail()).isEqualTo("low");
            assertThat(i.inline().mediaType()).isEqualTo("image/png");
            assertThat(i.inline().base64()).isEqualTo("AAAA");
        });
        assertThat(r.messages().get(2).toolCalls()).containsExactly(new ToolCall("c1", "f", "{\"a\":1}"));
        assertThat(r.messages().get(3).toolCallId()).isEqualTo("c1");
        assertThat(r.maxTokens()).as("max_completion_tokens wins over the legacy max_tokens").isEqualTo(100);
        assertThat(r.stop()).containsExactly("END");
        assertThat(r.seed()).isEqualTo(9L);
        assertThat(r.tools().getFirst().strict()).isTrue();
        assertThat(r.toolChoice()).isEqualTo(new ToolChoice.Function("f"));
        assertThat(r.parallelToolCalls()).isFalse();
        assertThat(r.responseFormat()).isInstanceOfSatisfying(ResponseFormat.JsonSchema.class, s -> {
            assertThat(s.name()).isEqualTo("x");
            assertThat(s.strict()).isTrue();
        });
        assertThat(r.stream()).isTrue();
        assertThat(r.includeUsage()).isTrue();
        assertThat(r.unknownFields()).containsExactly("logit_bias");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON           | {\"model\":                                                    | ",
            "not an object            | [1,2]                                                          | ",
            "missing model            | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}          | model",
            "model of wrong type      | {\"model\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | model",
            "missing messages         | {\"model\":\"m\"}                                              | messages",
            "empty messages           | {\"model\":\"m\",\"messages\":[]}                              | messages",
            "messages not an array    | {\"model\":\"m\",\"messages\":\"hi\"}                          | messages",
            "unknown role             | {\"model\":\"m\",\"messages\":[{\"role\":\"bot\",\"content\":\"x\"}]} | messages[0].role",
            "missing content          | {\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}             | messages[0].content",
            "bad part type            | {\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"audio\"}]}]} | messages[0].content[0].type",
            "temperature as string    | {\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":\"hot\"} | temperature",
            "temperature out of range | {\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":3} | temperature",
            "max_tokens fractional    | {\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":1.5} | max_tokens",
            "stream not boolean       | {\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":\"yes\"} | stream",
            "tool without name        | {\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\",\"function\":{}}]} | tools[0].function.name",
            "bad tool_choice          | {\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tool_choice\":\"sometimes\"} | tool_choice",
            "bad response_format      | {\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"response_format\":{\"type\":\"xml\"}} | response_format.type",
            "json_schema without name | {\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{}}} | response_format.json_schema.name",
            "tool message without id  | {\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]} | messages[0].tool_call_id",
    })
    void rejectsBadInputWith400NamingTheField(String name, String body, String param) {
        assertThatThrownBy(() -> parse(body)).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.type()).isEqualTo("invalid_request_error");
            assertThat(e.param()).isEqualTo(param);
            assertThat(e.getMessage()).isNotBlank();
        });
    }

    @Test
    void assistantMessageMayCarryOnlyToolCalls() {
        ChatRequest r = parse("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":"
                + "[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}]}");
        assertThat(r.messages().getFirst().content()).isNull();
        assertThat(r.messages().getFirst().text()).isEmpty();
    }
}
