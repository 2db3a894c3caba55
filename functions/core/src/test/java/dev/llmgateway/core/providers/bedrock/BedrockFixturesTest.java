package dev.llmgateway.core.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.StopSequence;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.testing.EventStreamFrames;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import dev.llmgateway.core.testing.JsonMatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Golden fixtures through the real SDK clients: {@code upstream-request.json} is compared with the
 * body the SDK actually sent (the wire, not a builder), and the fake answers with the Converse
 * JSON or event stream from the API reference shapes. Streams are also replayed cut into 7-byte
 * pieces, so frames arrive split across reads.
 */
class BedrockFixturesTest {
    private static BedrockFake fake;

    @BeforeAll
    static void start() {
        fake = new BedrockFake();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @Test
    void plainChatMapsInferenceConfigAndIsSignedForBedrockInTheRegion() {
        Completion completion = buffered("plain");
        FakeUpstream.Received sent = fake.upstream.last();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/model/anthropic.claude-3-5-sonnet-20240620-v1:0/converse");
        assertThat(sent.headers().get("authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=" + BedrockFake.ACCESS_KEY + "/")
                .contains("/us-east-1/bedrock/aws4_request");
        assertThat(completion.usage()).isEqualTo(Usage.of(10, 9));
    }

    @Test
    void systemMessagesBecomeSystemBlocksAndSameRoleTurnsMerge() {
        buffered("system-merge");
    }

    @Test
    void toolsBecomeToolConfigAndToolUseOnEndTurnIsStillToolCalls() {
        buffered("tools");
    }

    @Test
    void toolResultsBecomeToolResultBlocksInOneUserTurn() {
        buffered("tool-results");
    }

    @Test
    void jsonSchemaIsAForcedToolWhoseInputIsReturnedAsContent() {
        buffered("json-schema");
    }

    @Test
    void dataUrlImagesBecomeImageBlocksWithFormatAndBytes() {
        buffered("image");
    }

    @Test
    void cacheReadsAndWritesCountAsPromptTokensAndReadsAsCached() {
        Completion completion = buffered("cache-usage");
        assertThat(completion.usage()).isEqualTo(Usage.builder().input(12).cacheRead(1800).cacheWrite5m(248).output(40).build());
    }

    @Test
    void textStreamBecomesContentChunksThenFinishThenUsage() throws IOException {
        StreamResult result = streamed("stream-text");
        assertThat(result).isEqualTo(new dev.llmgateway.core.spi.StreamResult(Usage.of(14, 6), "stop"));
        assertThat(fake.upstream.last().path()).isEqualTo("/model/anthropic.claude-3-5-sonnet-20240620-v1:0/converse-stream");
    }

    @Test
    void streamedToolCallsAreNumberedByCallNotByContentBlock() throws IOException {
        StreamResult result = streamed("stream-tools");
        assertThat(result.finishReason()).isEqualTo("tool_calls");
        assertThat(result.usage()).isEqualTo(Usage.of(420, 77));
    }

    @Test
    void streamedJsonSchemaRewriteArrivesAsContentWithFinishStop() throws IOException {
        StreamResult result = streamed("json-schema-stream");
        assertThat(result.finishReason()).isEqualTo("stop");
    }

    @Test
    void aStopSequenceStopIsAPlainStopForChatAndNamesTheSequenceBeside() {
        Completion completion = buffered("stop-sequence");
        assertThat(completion.stopSequence()).isEqualTo(new StopSequence("DONE"));
    }

    @Test
    void aStreamedStopSequenceStopNamesTheSequenceFromMessageStop() throws IOException {
        StreamResult result = streamed("stream-stop-sequence");
        assertThat(result.finishReason()).isEqualTo("stop");
        assertThat(result.stopSequence()).isEqualTo(new StopSequence("STOP"));
    }

    @Test
    void aNaturalEndHasNoStopSequenceEvenWhenSomeWereSet() {
        assertThat(buffered("plain").stopSequence()).isNull();
    }

    // ---- harness ----

    private static ChatRequest request(String testCase) {
        return ChatRequest.parse(Fixtures.bytes("bedrock/" + testCase + "/request.json"));
    }

    private static Completion buffered(String testCase) {
        ChatRequest request = request(testCase);
        String modelId = fake.modelId(request);
        fake.upstream.on(BedrockFake.conversePath(modelId),
                FakeUpstream.json(200, Fixtures.text("bedrock/" + testCase + "/upstream-response.json")));
        Completion completion = fake.provider.complete(request, modelId);
        JsonMatch.assertMatches(Fixtures.text("bedrock/" + testCase + "/upstream-request.json"), fake.upstream.last().bodyText());
        JsonMatch.assertMatches(Fixtures.text("bedrock/" + testCase + "/response.json"),
                new String(completion.body(), StandardCharsets.UTF_8));
        return completion;
    }

    /** Plays the recorded stream frame by frame, then in 7-byte pieces; both must give the expected chunks. */
    private static StreamResult streamed(String testCase) throws IOException {
        List<byte[]> frames = EventStreamFrames.fromJsonLines(Fixtures.text("bedrock/" + testCase + "/upstream-stream.jsonl"));
        StreamResult whole = replay(testCase, frames);
        StreamResult split = replay(testCase, EventStreamFrames.pieces(EventStreamFrames.concat(frames), 7));
        assertThat(split).isEqualTo(whole);
        return whole;
    }

    private static StreamResult replay(String testCase, List<byte[]> parts) throws IOException {
        ChatRequest request = request(testCase);
        String modelId = fake.modelId(request);
        fake.streams(modelId, parts, 0);
        List<String> chunks = new ArrayList<>();
        StreamResult result = fake.provider.stream(request, modelId, json -> chunks.add(new String(json, StandardCharsets.UTF_8)));
        JsonMatch.assertMatches(Fixtures.text("bedrock/" + testCase + "/upstream-request.json"), fake.upstream.last().bodyText());
        List<String> expected = Fixtures.text("bedrock/" + testCase + "/chunks.jsonl").lines().filter(l -> !l.isBlank()).toList();
        assertThat(chunks).as("chunks of " + testCase).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) JsonMatch.assertMatches(expected.get(i), chunks.get(i));
        assertThat(chunks.stream().map(c -> Json.tree(c).path("id").asText()).distinct()).as("one id per stream").hasSize(1);
        return result;
    }
}
