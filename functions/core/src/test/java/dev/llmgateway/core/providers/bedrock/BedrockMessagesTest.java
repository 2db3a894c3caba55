package dev.llmgateway.core.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.api.MessagesRequest;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.messages.MessagesOn;
import dev.llmgateway.core.spi.MessagesApi;
import dev.llmgateway.core.testing.EventStreamFrames;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import dev.llmgateway.core.testing.JsonMatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Inbound Messages translated to Converse (a Bedrock model other than Claude, which is passed
 * through): a stop at a client stop sequence reads {@code stop_sequence}, with the sequence.
 */
class BedrockMessagesTest {
    private static final String MODEL = "amazon.nova-pro-v1:0";
    private static BedrockFake fake;

    @BeforeAll
    static void start() {
        fake = new BedrockFake();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    private static MessagesRequest request(String stops, boolean stream) {
        return MessagesRequest.parse(("{\"model\":\"bedrock/" + MODEL + "\",\"max_tokens\":100,\"stop_sequences\":" + stops
                + ",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"Count to ten, then write STOP.\"}]}")
                .getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static MessagesApi messages() {
        return MessagesOn.provider(fake.provider, MODEL);
    }

    @Test
    void aBufferedStopSequenceStopNamesTheSequence() {
        fake.upstream.on(BedrockFake.conversePath(MODEL), FakeUpstream.json(200, Fixtures.text("bedrock/stop-sequence/upstream-response.json")));
        byte[] body = messages().messages(request("[\"DONE\",\"###\"]", false), MODEL).body();
        JsonMatch.assertMatches("""
                {"id":"<any>","type":"message","role":"assistant","model":"bedrock/amazon.nova-pro-v1:0",
                 "content":[{"type":"text","text":"Red\\nGreen\\nBlue\\n"}],
                 "stop_reason":"stop_sequence","stop_sequence":"DONE",
                 "usage":{"input_tokens":19,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":7}}
                """, new String(body, StandardCharsets.UTF_8));
        assertThat(Json.tree(fake.upstream.last().bodyText()).at("/additionalModelResponseFieldPaths/0").asText())
                .isEqualTo("/stop_sequence");
    }

    @Test
    void aModelThatDoesNotNameTheSequenceStillReadsStopSequence() throws Exception {
        fake.upstream.on(BedrockFake.conversePath(MODEL), FakeUpstream.json(200, """
                {"output":{"message":{"role":"assistant","content":[{"text":"1 2 3"}]}},"stopReason":"stop_sequence",
                 "usage":{"inputTokens":9,"outputTokens":5,"totalTokens":14}}
                """));
        var one = Json.tree(messages().messages(request("[\"STOP\"]", false), MODEL).body());
        assertThat(one.path("stop_reason").asText()).isEqualTo("stop_sequence");
        assertThat(one.path("stop_sequence").asText()).as("the only one set").isEqualTo("STOP");
        var several = Json.tree(messages().messages(request("[\"STOP\",\"END\"]", false), MODEL).body());
        assertThat(several.path("stop_reason").asText()).isEqualTo("stop_sequence");
        assertThat(several.get("stop_sequence").isNull()).as("which of several is unknown").isTrue();
    }

    @Test
    void endTurnAndMaxTokensStayWhatTheyWere() throws Exception {
        fake.upstream.on(BedrockFake.conversePath(MODEL), FakeUpstream.json(200, Fixtures.text("bedrock/plain/upstream-response.json")));
        assertThat(Json.tree(messages().messages(request("[\"STOP\"]", false), MODEL).body()).path("stop_reason").asText())
                .isEqualTo("end_turn");
        fake.upstream.on(BedrockFake.conversePath(MODEL), FakeUpstream.json(200, """
                {"output":{"message":{"role":"assistant","content":[{"text":"1 2"}]}},"stopReason":"max_tokens",
                 "usage":{"inputTokens":9,"outputTokens":100,"totalTokens":109}}
                """));
        assertThat(Json.tree(messages().messages(request("[\"STOP\"]", false), MODEL).body()).path("stop_reason").asText())
                .isEqualTo("max_tokens");
    }

    private static final String WEATHER_SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
            + "\"temperature_c\":{\"type\":\"number\"}},\"required\":[\"city\",\"temperature_c\"],\"additionalProperties\":false}";

    @Test
    void outputConfigFormatIsTheForcedToolWhoseInputIsTheTextBlock() throws Exception {
        fake.upstream.on(BedrockFake.conversePath(MODEL), FakeUpstream.json(200, Fixtures.text("bedrock/json-schema/upstream-response.json")));
        MessagesRequest request = MessagesRequest.parse(("{\"model\":\"bedrock/" + MODEL + "\",\"max_tokens\":200,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris, as JSON.\"}],"
                + "\"output_config\":{\"format\":{\"type\":\"json_schema\",\"schema\":" + WEATHER_SCHEMA + "}}}")
                .getBytes(StandardCharsets.UTF_8), Map.of());

        var message = Json.tree(messages().messages(request, MODEL).body());

        var sent = Json.tree(fake.upstream.last().bodyText());
        assertThat(sent.at("/toolConfig/toolChoice/tool/name").asText()).isEqualTo("structured_output");
        assertThat(sent.at("/toolConfig/tools/0/toolSpec/inputSchema/json")).isEqualTo(Json.tree(WEATHER_SCHEMA));
        assertThat(message.at("/content/0/type").asText()).isEqualTo("text");
        assertThat(Json.tree(message.at("/content/0/text").asText())).isEqualTo(Json.tree("{\"city\":\"Paris\",\"temperature_c\":18.5}"));
        assertThat(message.path("content")).hasSize(1);
        assertThat(message.path("stop_reason").asText()).isEqualTo("end_turn");
    }

    @Test
    void outputConfigFormatWithToolsIsA400NamingOutputConfigFormat() {
        MessagesRequest request = MessagesRequest.parse(("{\"model\":\"bedrock/" + MODEL + "\",\"max_tokens\":200,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}],"
                + "\"output_config\":{\"format\":{\"type\":\"json_schema\",\"schema\":" + WEATHER_SCHEMA + "}}}")
                .getBytes(StandardCharsets.UTF_8), Map.of());
        int before = fake.upstream.received().size();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> messages().messages(request, MODEL))
                .isInstanceOfSatisfying(dev.llmgateway.core.api.GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("output_config.format");
                    assertThat(e.getMessage()).contains("'output_config.format' together with 'tools'");
                });
        assertThat(fake.upstream.received()).hasSize(before);
    }

    /** The event stream frame by frame, and cut into 7-byte pieces so frames arrive split across reads. */
    @Test
    void aStreamedStopSequenceIsInMessageDelta() throws Exception {
        List<byte[]> frames = EventStreamFrames.fromJsonLines(Fixtures.text("bedrock/stream-stop-sequence/upstream-stream.jsonl"));
        List<String> expected = events(Fixtures.text("messages/bedrock-stop-sequence-stream/events.txt"));
        for (List<byte[]> parts : List.of(frames, EventStreamFrames.pieces(EventStreamFrames.concat(frames), 7))) {
            fake.streams(MODEL, parts, 0);
            ByteArrayOutputStream client = new ByteArrayOutputStream();
            messages().streamMessages(request("[\"STOP\",\"END\"]", true), MODEL, client::writeBytes);
            List<String> actual = events(client.toString(StandardCharsets.UTF_8));
            assertThat(actual).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                String[] want = expected.get(i).split("\n", 2);
                String[] got = actual.get(i).split("\n", 2);
                assertThat(got[0]).isEqualTo(want[0]);
                JsonMatch.assertMatches(want[1].substring("data: ".length()), got[1].substring("data: ".length()));
            }
        }
    }

    private static List<String> events(String stream) {
        return List.of(stream.strip().split("\n\n"));
    }
}
