package dev.llmgateway.core.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.MessagesRequest;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.messages.MessagesOn;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.MessagesApi;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.testing.EventStreamFrames;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Inbound Messages on Claude on Bedrock, passed through InvokeModel and InvokeModelWithResponseStream
 * with the real SDK clients: the body as the client sent it (but model, stream and Bedrock's version),
 * the answer unchanged, each stream chunk relayed as the Anthropic event it carries, every usage bucket read.
 */
class ClaudeMessagesPassthroughTest {
    private static final String MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    private static final BedrockFake fake = new BedrockFake();

    @AfterAll
    static void stop() {
        fake.close();
    }

    private static MessagesApi messages() {
        return MessagesOn.provider(fake.provider, MODEL);
    }

    @Test
    void claudeModelsPassThroughAndOthersAreTranslated() {
        assertThat(MessagesOn.provider(fake.provider, MODEL)).isSameAs(fake.provider);
        assertThat(MessagesOn.provider(fake.provider, "amazon.nova-pro-v1:0")).isNotSameAs(fake.provider);
    }

    @Test
    void aBufferedAnswerIsInvokeModelWithTheClientsBodyAndComesBackUnchangedWithEveryBucket() {
        String answer = Fixtures.text("messages/cached-response.json");
        fake.upstream.on("/model/" + MODEL + "/invoke", FakeUpstream.json(200, answer));
        MessagesRequest request = MessagesRequest.parse(Fixtures.bytes("messages/request.json"), Map.of());

        Completion completion = messages().messages(request, MODEL);

        assertThat(new String(completion.body(), StandardCharsets.UTF_8)).isEqualTo(answer);
        Usage usage = completion.usage();
        assertThat(usage.inputTokens()).isEqualTo(21);
        assertThat(usage.cacheReadTokens()).isEqualTo(4096);
        assertThat(usage.cacheWrite5mTokens()).isEqualTo(1024);
        assertThat(usage.cacheWrite1hTokens()).isEqualTo(1024);
        assertThat(usage.outputTokens()).isEqualTo(12);
        FakeUpstream.Received sent = fake.upstream.last();
        assertThat(sent.headers().get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=" + BedrockFake.ACCESS_KEY + "/");
        assertThat(Json.tree(sent.bodyText())).isEqualTo(Json.tree(ClaudeOnBedrock.body(request), "test"));
    }

    @Test
    void aStreamIsRelayedEventByEventWhateverTheFramesSplit() throws Exception {
        String sse = Fixtures.text("anthropic/stream/upstream-stream.txt");
        List<byte[]> frames = EventStreamFrames.chunksOf(sse);
        MessagesRequest request = MessagesRequest.parse(("{\"model\":\"bedrock/" + MODEL + "\",\"stream\":true,\"max_tokens\":64,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello in three languages.\"}]}").getBytes(StandardCharsets.UTF_8), Map.of());
        for (List<byte[]> parts : List.of(frames, EventStreamFrames.pieces(EventStreamFrames.concat(frames), 7),
                EventStreamFrames.pieces(EventStreamFrames.concat(frames), 1))) {
            fake.upstream.on("/model/" + MODEL + "/invoke-with-response-stream",
                    FakeUpstream.stream(EventStreamFrames.CONTENT_TYPE, parts, 0));
            ByteArrayOutputStream client = new ByteArrayOutputStream();

            StreamResult result = messages().streamMessages(request, MODEL, client::writeBytes);

            List<String> got = List.of(client.toString(StandardCharsets.UTF_8).strip().split("\n\n"));
            List<String> want = List.of(sse.strip().split("\n\n"));
            assertThat(got).hasSameSizeAs(want);
            for (int i = 0; i < want.size(); i++) {
                String[] w = want.get(i).split("\n", 2);
                String[] g = got.get(i).split("\n", 2);
                assertThat(g[0]).isEqualTo(w[0]);
                assertThat(g[1]).as("the event's JSON exactly as the chunk carried it").isEqualTo(w[1]);
            }
            assertThat(result.usage().inputTokens()).isEqualTo(14);
            assertThat(result.usage().outputTokens()).isEqualTo(19);
            assertThat(Json.tree(fake.upstream.last().bodyText()).has("stream")).isFalse();
        }
    }

    @Test
    void anExceptionInsideTheStreamIsTheUpstreamsErrorAndAStreamWithoutMessageStopIsIncomplete() {
        List<byte[]> frames = EventStreamFrames.chunksOf(Fixtures.text("anthropic/stream/upstream-stream.txt"));
        MessagesRequest request = MessagesRequest.parse(("{\"model\":\"bedrock/" + MODEL + "\",\"stream\":true,\"max_tokens\":64,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").getBytes(StandardCharsets.UTF_8), Map.of());
        List<byte[]> throttled = new ArrayList<>(frames.subList(0, 3));
        throttled.add(EventStreamFrames.exception("throttlingException", "{\"message\":\"Too many tokens, please wait.\"}"));
        fake.upstream.on("/model/" + MODEL + "/invoke-with-response-stream", FakeUpstream.stream(EventStreamFrames.CONTENT_TYPE, throttled, 0));
        assertThatThrownBy(() -> messages().streamMessages(request, MODEL, bytes -> {}))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(429));

        fake.upstream.on("/model/" + MODEL + "/invoke-with-response-stream",
                FakeUpstream.stream(EventStreamFrames.CONTENT_TYPE, frames.subList(0, frames.size() - 1), 0));
        assertThatThrownBy(() -> messages().streamMessages(request, MODEL, bytes -> {}))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(502));
    }
}
