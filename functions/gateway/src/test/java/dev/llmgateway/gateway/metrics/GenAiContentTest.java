package dev.llmgateway.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The conventions' message form, and the bound that keeps an attribute whole JSON whatever the request's size. */
class GenAiContentTest {
    @Test
    void toolCallsAndToolResultsHaveTheConventionsParts() throws Exception {
        JsonNode messages = Json.tree("""
                [{"role":"developer","content":"Be brief."},
                 {"role":"user","content":[{"type":"text","text":"Weather?"},{"type":"image_url","image_url":{"url":"data:..."}}]},
                 {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                   "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                 {"role":"tool","tool_call_id":"call_1","content":"18°C"}]""");

        JsonNode out = Json.tree(GenAiContent.input(messages));

        assertThat(out.at("/0/role").asText()).isEqualTo("system");
        assertThat(out.at("/1/parts/1/type").asText()).as("an image is named, not copied").isEqualTo("image_url");
        assertThat(out.at("/1/parts/1").has("content")).isFalse();
        assertThat(out.at("/2/parts/0/type").asText()).isEqualTo("tool_call");
        assertThat(out.at("/2/parts/0/name").asText()).isEqualTo("get_weather");
        assertThat(out.at("/3/parts/0/type").asText()).isEqualTo("tool_call_response");
        assertThat(out.at("/3/parts/0/id").asText()).isEqualTo("call_1");
        assertThat(out.at("/3/parts/0/response").asText()).isEqualTo("18°C");
    }

    @Test
    void allTextOfOneAttributeIsCutAtTheBoundAndStaysJson() throws Exception {
        String big = "x".repeat(GenAiContent.MAX_CHARS + 5000);
        JsonNode messages = Json.tree("[{\"role\":\"user\",\"content\":\"" + big + "\"},{\"role\":\"user\",\"content\":\"later\"}]");

        JsonNode out = Json.tree(GenAiContent.input(messages));

        assertThat(out.at("/0/parts/0/content").asText()).hasSize(GenAiContent.MAX_CHARS + GenAiContent.CUT.length())
                .endsWith(GenAiContent.CUT);
        assertThat(out.at("/1/parts/0/content").asText()).as("nothing left for later messages").isEqualTo(GenAiContent.CUT);
    }

    @Test
    void aBufferedAnswersToolCallFinishesAsTheConventionsToolCall() throws Exception {
        byte[] completion = """
                {"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_9","type":"function",
                 "function":{"name":"f","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}""".getBytes(StandardCharsets.UTF_8);

        JsonNode out = Json.tree(GenAiContent.output(completion));

        assertThat(out.at("/0/finish_reason").asText()).isEqualTo("tool_call");
        assertThat(out.at("/0/parts/0/id").asText()).isEqualTo("call_9");
    }
}
