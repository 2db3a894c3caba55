package dev.llmgateway.core.guardrail.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.guardrail.Guard;
import dev.llmgateway.core.guardrail.Policy;
import dev.llmgateway.core.guardrail.Rules;
import dev.llmgateway.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every inbound API's text locations, and buffered answers, through a guard. */
class WireTest {
    static final String EMAIL = "ann@example.com";
    static final String CARD = "4111 1111 1111 1111";
    static final String KEY = "AKIAIOSFODNN7EXAMPLE";

    static Guard guard(String detectors) {
        return new Guard(new Rules(List.of(Policy.parse(Json.tree("{\"id\":\"p\",\"applies_to\":{\"global\":true},\"detectors\":"
                + detectors + "}"), null))));
    }

    static Guard restoring() {
        return guard("{\"email\":\"restore\",\"credit_card\":\"redact\",\"secrets\":\"block\"}");
    }

    private static ObjectNode screened(Inbound.Api api, String json, Guard guard) {
        ObjectNode tree = (ObjectNode) Json.tree(json);
        Inbound.screen(api, tree, guard);
        return tree;
    }

    @Test
    void chatMessagesToolResultsAndToolCallArgumentsAreRedacted() {
        Guard g = restoring();
        ObjectNode out = screened(Inbound.Api.CHAT, """
                {"model":"m","messages":[
                  {"role":"system","content":"Card %s"},
                  {"role":"user","content":[{"type":"text","text":"I am %s"},{"type":"image_url","image_url":{"url":"https://x/%s"}}]},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\\"to\\":\\"%s\\"}"}}]},
                  {"role":"tool","tool_call_id":"c","content":"sent to %s"}]}""".formatted(CARD, EMAIL, EMAIL, EMAIL, EMAIL), g);
        assertThat(out.at("/messages/0/content").asText()).isEqualTo("Card <CARD_1>");
        assertThat(out.at("/messages/1/content/0/text").asText()).isEqualTo("I am <EMAIL_1>");
        assertThat(out.at("/messages/2/tool_calls/0/function/arguments").asText()).isEqualTo("{\"to\":\"<EMAIL_1>\"}");
        assertThat(out.at("/messages/3/content").asText()).isEqualTo("sent to <EMAIL_1>");
        assertThat(g.redactions()).isEqualTo(4);
        assertThat(g.hits()).extracting(Guard.Hit::location).containsExactly("messages[0].content", "messages[1].content[0].text",
                "messages[2].tool_calls[0].function.arguments", "messages[3].content");
    }

    @Test
    void messagesSystemTextToolUseAndToolResultBlocksAreRedacted() {
        Guard g = restoring();
        ObjectNode out = screened(Inbound.Api.MESSAGES, """
                {"model":"m","max_tokens":10,"system":[{"type":"text","text":"Mail %s"}],"messages":[
                  {"role":"user","content":"Hi %s"},
                  {"role":"assistant","content":[{"type":"tool_use","id":"t","name":"f","input":{"to":["%s"],"n":1}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"text","text":"ok %s"}]},
                                            {"type":"tool_result","tool_use_id":"u","content":"card %s"}]}]}"""
                .formatted(EMAIL, EMAIL, EMAIL, EMAIL, CARD), g);
        assertThat(out.at("/system/0/text").asText()).isEqualTo("Mail <EMAIL_1>");
        assertThat(out.at("/messages/0/content").asText()).isEqualTo("Hi <EMAIL_1>");
        assertThat(out.at("/messages/1/content/0/input/to/0").asText()).isEqualTo("<EMAIL_1>");
        assertThat(out.at("/messages/2/content/0/content/0/text").asText()).isEqualTo("ok <EMAIL_1>");
        assertThat(out.at("/messages/2/content/1/content").asText()).isEqualTo("card <CARD_1>");
        assertThat(Json.string(out)).doesNotContain(EMAIL).doesNotContain(CARD);
    }

    @Test
    void responsesInstructionsAndInputItemsAndEmbeddingsInputAreRedacted() {
        Guard g = restoring();
        ObjectNode out = screened(Inbound.Api.RESPONSES, """
                {"model":"m","instructions":"For %s","input":[
                  {"role":"user","content":[{"type":"input_text","text":"I am %s"}]},
                  {"type":"function_call","call_id":"c","name":"f","arguments":"{\\"card\\":\\"%s\\"}"},
                  {"type":"function_call_output","call_id":"c","output":"done for %s"}]}""".formatted(EMAIL, EMAIL, CARD, EMAIL), g);
        assertThat(Json.string(out)).doesNotContain(EMAIL).doesNotContain("4111");
        assertThat(out.at("/input/1/arguments").asText()).isEqualTo("{\"card\":\"<CARD_1>\"}");
        assertThat(screened(Inbound.Api.RESPONSES, "{\"model\":\"m\",\"input\":\"I am " + EMAIL + "\"}", g).get("input").asText())
                .isEqualTo("I am <EMAIL_1>");
        ObjectNode embeddings = screened(Inbound.Api.EMBEDDINGS, "{\"model\":\"m\",\"input\":[\"a " + EMAIL + "\",[1,2,3]]}", g);
        assertThat(embeddings.at("/input/0").asText()).isEqualTo("a <EMAIL_1>");
        assertThat(embeddings.at("/input/1").isArray()).isTrue();
    }

    @Test
    void aBlockNamesTheDetectorAndTheLocationInEveryApi() {
        assertThatThrownBy(() -> screened(Inbound.Api.MESSAGES,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + KEY + "\"}]}]}",
                restoring()))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo(Guard.VIOLATION);
                    assertThat(e.getMessage()).contains("aws_access_key", "messages[1].content[0].text").doesNotContain(KEY);
                });
        assertThatThrownBy(() -> screened(Inbound.Api.EMBEDDINGS, "{\"input\":[\"ok\",\"" + KEY + "\"]}", restoring()))
                .hasMessageContaining("input[1]");
    }

    @Test
    void bufferedAnswersAreRestoredAndLeftAsTheyCameWhenNothingChanges() throws Exception {
        Guard g = restoring();
        g.inbound("messages[0].content", "I am " + EMAIL + ", card " + CARD);
        byte[] chat = """
                {"choices":[{"index":0,"message":{"role":"assistant","content":"Hi <EMAIL_1>, card <CARD_1>",
                  "tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\\"to\\":\\"<EMAIL_1>\\"}"}}]}}]}"""
                .getBytes(StandardCharsets.UTF_8);
        JsonNode out = Json.tree(Answers.screen(Inbound.Api.CHAT, chat, g));
        assertThat(out.at("/choices/0/message/content").asText()).isEqualTo("Hi " + EMAIL + ", card <CARD_1>");
        assertThat(out.at("/choices/0/message/tool_calls/0/function/arguments").asText()).isEqualTo("{\"to\":\"" + EMAIL + "\"}");
        byte[] messages = "{\"content\":[{\"type\":\"text\",\"text\":\"Hi <EMAIL_1>\"},{\"type\":\"tool_use\",\"input\":{\"to\":\"<EMAIL_1>\"}}]}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(Json.string(Json.tree(Answers.screen(Inbound.Api.MESSAGES, messages, g)))).contains("Hi " + EMAIL, "\"to\":\"" + EMAIL);
        byte[] responses = "{\"output\":[{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hi <EMAIL_1>\"}]}]}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(Json.tree(Answers.screen(Inbound.Api.RESPONSES, responses, g)).at("/output/0/content/0/text").asText()).isEqualTo("Hi " + EMAIL);
        byte[] plain = "{ \"choices\" : [] }".getBytes(StandardCharsets.UTF_8);
        assertThat(Answers.screen(Inbound.Api.CHAT, plain, g)).isSameAs(plain);
    }

    @Test
    void aResponsesContextFromAnEarlierTurnIsScreenedToo() {
        Guard g = restoring();
        var items = (com.fasterxml.jackson.databind.node.ArrayNode) Json.tree("[{\"role\":\"user\",\"content\":\"I am " + EMAIL + "\"}]");
        Inbound.items(items, "previous_response_id.items", g);
        assertThat(items.at("/0/content").asText()).isEqualTo("I am <EMAIL_1>");
        assertThat(g.hits().getFirst().location()).isEqualTo("previous_response_id.items[0].content");
    }

    static List<String> sent(List<byte[]> out) {
        List<String> s = new ArrayList<>();
        for (byte[] b : out) s.add(new String(b, StandardCharsets.UTF_8));
        return s;
    }
}
