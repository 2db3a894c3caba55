package dev.llmgateway.core.guardrail.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.guardrail.Guard;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.ChunkSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Streamed answers in each API's events: the model's text split at every offset (two pieces) and
 * one character per event; the client must get the placeholders restored, the new card number
 * redacted, and events that still parse as the API's own.
 */
class StreamScreenTest {
    private static final String ANSWER = "Hello <EMAIL_1>, your card 4111 1111 1111 1111 is noted. Bye <EMAIL_1>";
    private static final String EXPECTED = "Hello ann@example.com, your card <CARD_1> is noted. Bye ann@example.com";

    private static Guard guard() {
        Guard g = WireTest.restoring();
        g.inbound("messages[0].content", "I am " + WireTest.EMAIL);
        return g;
    }

    /** Every way to cut ANSWER: at each offset into two pieces, and into single characters. */
    private static List<List<String>> splits() {
        List<List<String>> all = new ArrayList<>();
        for (int k = 1; k < ANSWER.length(); k++) all.add(List.of(ANSWER.substring(0, k), ANSWER.substring(k)));
        all.add(ANSWER.chars().mapToObj(c -> String.valueOf((char) c)).toList());
        return all;
    }

    private static List<JsonNode> run(Inbound.Api api, List<byte[]> events, Function<byte[], JsonNode> decode) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        ChunkSink client = e -> out.add(decode.apply(e));
        StreamScreen screen = (StreamScreen) StreamScreen.of(api, guard(), client);
        for (byte[] e : events) screen.send(e);
        screen.finish();
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode sseData(byte[] event) {
        SseEvent e = SseEvent.parse(event);
        assertThat(e).as(new String(event, StandardCharsets.UTF_8)).isNotNull();
        return e.data();
    }

    @Test
    void chatContentIsRestoredWhereverTheStreamIsSplit() throws Exception {
        for (List<String> pieces : splits()) {
            List<byte[]> events = new ArrayList<>();
            events.add(bytes("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}"));
            for (String p : pieces) {
                ObjectNode chunk = (ObjectNode) Json.tree("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":null}]}");
                ((ObjectNode) chunk.at("/choices/0/delta")).put("content", p);
                events.add(Json.bytes(chunk));
            }
            events.add(bytes("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"));
            List<JsonNode> out = run(Inbound.Api.CHAT, events, b -> Json.tree(new String(b, StandardCharsets.UTF_8)));
            StringBuilder text = new StringBuilder();
            for (JsonNode c : out) text.append(c.at("/choices/0/delta/content").asText(""));
            assertThat(text.toString()).as("split " + pieces.size() + " at " + pieces.getFirst().length()).isEqualTo(EXPECTED);
            assertThat(out.getLast().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
            assertThat(out).allSatisfy(c -> assertThat(c.get("id").asText()).isEqualTo("c1"));
        }
    }

    @Test
    void chatToolCallArgumentsAreRestoredAndHeldTextLeavesWithTheFinishReason() throws Exception {
        List<byte[]> events = List.of(
                bytes("{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"t\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"to\\\":\\\"<EMA\"}}]},\"finish_reason\":null}]}"),
                bytes("{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"IL_1>\\\"}\"}}]},\"finish_reason\":null}]}"),
                bytes("{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}"));
        List<JsonNode> out = run(Inbound.Api.CHAT, events, b -> Json.tree(new String(b, StandardCharsets.UTF_8)));
        StringBuilder args = new StringBuilder();
        for (JsonNode c : out) args.append(c.at("/choices/0/delta/tool_calls/0/function/arguments").asText(""));
        assertThat(args.toString()).isEqualTo("{\"to\":\"" + WireTest.EMAIL + "\"}");
    }

    @Test
    void aChatStreamEndingWithoutAFinishReasonStillReleasesWhatItHeld() throws Exception {
        List<byte[]> events = List.of(bytes("{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Bye <EMAIL_\"},\"finish_reason\":null}]}"));
        List<JsonNode> out = run(Inbound.Api.CHAT, events, b -> Json.tree(new String(b, StandardCharsets.UTF_8)));
        assertThat(out).hasSize(2);
        assertThat(out.get(0).at("/choices/0/delta/content").asText() + out.get(1).at("/choices/0/delta/content").asText()).isEqualTo("Bye <EMAIL_");
        assertThat(out.get(1).get("id").asText()).isEqualTo("c");
    }

    @Test
    void messagesTextIsRestoredWhereverTheStreamIsSplit() throws Exception {
        for (List<String> pieces : splits()) {
            List<byte[]> events = new ArrayList<>();
            events.add(bytes("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg\",\"content\":[]}}\n\n"));
            events.add(bytes("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"));
            for (String p : pieces) {
                ObjectNode data = Json.object().put("type", "content_block_delta").put("index", 0);
                data.putObject("delta").put("type", "text_delta").put("text", p);
                events.add(bytes("event: content_block_delta\ndata: " + Json.string(data) + "\n\n"));
            }
            events.add(bytes("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"));
            events.add(bytes("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
            List<JsonNode> out = run(Inbound.Api.MESSAGES, events, StreamScreenTest::sseData);
            StringBuilder text = new StringBuilder();
            int stop = -1;
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).path("type").asText().equals("content_block_delta")) {
                    assertThat(stop).as("no delta after the block stopped").isEqualTo(-1);
                    text.append(out.get(i).at("/delta/text").asText());
                }
                if (out.get(i).path("type").asText().equals("content_block_stop")) stop = i;
            }
            assertThat(text.toString()).isEqualTo(EXPECTED);
            assertThat(out.getLast().path("type").asText()).isEqualTo("message_stop");
        }
    }

    @Test
    void responsesTextIsRestoredTheDoneEventsCarryTheStreamedTextAndSequenceNumbersStayInOrder() throws Exception {
        for (List<String> pieces : splits()) {
            List<byte[]> events = new ArrayList<>();
            int seq = 0;
            events.add(event("response.created", "{\"type\":\"response.created\",\"sequence_number\":" + seq++ + ",\"response\":{\"id\":\"r\",\"output\":[]}}"));
            for (String p : pieces) {
                ObjectNode d = Json.object().put("type", "response.output_text.delta").put("sequence_number", seq++).put("item_id", "m")
                        .put("output_index", 0).put("content_index", 0).put("delta", p);
                events.add(event("response.output_text.delta", Json.string(d)));
            }
            String quoted = Json.string(ANSWER);
            events.add(event("response.output_text.done", "{\"type\":\"response.output_text.done\",\"sequence_number\":" + seq++
                    + ",\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"text\":" + quoted + "}"));
            events.add(event("response.content_part.done", "{\"type\":\"response.content_part.done\",\"sequence_number\":" + seq++
                    + ",\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":" + quoted + "}}"));
            String item = "{\"id\":\"m\",\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":" + quoted + "}]}";
            events.add(event("response.output_item.done", "{\"type\":\"response.output_item.done\",\"sequence_number\":" + seq++
                    + ",\"output_index\":0,\"item\":" + item + "}"));
            events.add(event("response.completed", "{\"type\":\"response.completed\",\"sequence_number\":" + seq++
                    + ",\"response\":{\"id\":\"r\",\"output\":[" + item + "]}}"));
            List<JsonNode> out = run(Inbound.Api.RESPONSES, events, StreamScreenTest::sseData);
            StringBuilder text = new StringBuilder();
            long last = -1;
            for (JsonNode e : out) {
                if (e.path("type").asText().equals("response.output_text.delta")) text.append(e.path("delta").asText());
                assertThat(e.path("sequence_number").asLong()).isEqualTo(last + 1);
                last = e.path("sequence_number").asLong();
            }
            assertThat(text.toString()).isEqualTo(EXPECTED);
            JsonNode done = out.stream().filter(e -> e.path("type").asText().equals("response.output_text.done")).findFirst().orElseThrow();
            assertThat(done.path("text").asText()).isEqualTo(EXPECTED);
            assertThat(out.getLast().at("/response/output/0/content/0/text").asText()).isEqualTo(EXPECTED);
            assertThat(out.get(out.size() - 2).at("/item/content/0/text").asText()).isEqualTo(EXPECTED);
            assertThat(out.get(out.size() - 3).at("/part/text").asText()).isEqualTo(EXPECTED);
        }
    }

    private static byte[] event(String name, String data) {
        return bytes("event: " + name + "\ndata: " + data + "\n\n");
    }

    @Test
    void withNothingToRestoreOrScanTheClientsSinkIsUsedDirectly() {
        ChunkSink client = e -> { };
        Guard none = WireTest.guard("{\"email\":\"restore\"}");
        none.inbound("messages[0].content", "no values here");
        assertThat(StreamScreen.of(Inbound.Api.CHAT, Guard.none(), client)).isSameAs(client);
        assertThat(StreamScreen.of(Inbound.Api.CHAT, none, client)).isInstanceOf(ChatStream.class).as("outbound rules scan");
    }
}
