package dev.llmgateway.core.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.MessagesRequest;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.http.HttpTranslator;
import dev.llmgateway.core.http.StreamTranslator;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.messages.ChatToMessages;
import dev.llmgateway.core.messages.ChunksToEvents;
import dev.llmgateway.core.messages.MessagesToChat;
import dev.llmgateway.core.spi.Auth;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.Endpoint;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.stream.FrameDecoder;
import dev.llmgateway.core.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Messages stop reasons over the OpenAI schema. OpenAI's {@code finish_reason: "stop"} covers a
 * natural end and a stop sequence alike; an OpenAI-compatible server that names the matched
 * sequence in the choice's {@code stop_reason} (vLLM) lets the answer read {@code stop_sequence}.
 */
class MessagesStopSequenceTest {
    private static final String MESSAGES = "{\"model\":\"localai/llama\",\"max_tokens\":64,\"stop_sequences\":[\"###\",\"END\"],"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Three colours?\"}]";
    private final HttpTranslator translator = new OpenAiTranslator(
            new Endpoint("localai", "http://localhost:1/v1", Auth.NONE), ChatQuirks.NONE, Duration.ofSeconds(5));

    private static ChatRequest chat(boolean stream) {
        return MessagesToChat.translate(MessagesRequest.parse((MESSAGES + (stream ? ",\"stream\":true}" : "}"))
                .getBytes(StandardCharsets.UTF_8), Map.of()), "localai");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"stop_reason\":\"###\"  | stop_sequence | ###",
            "\"stop_reason\":\"END\"  | stop_sequence | END",
            "\"stop_reason\":null     | end_turn      |",
            "\"stop_reason\":128009   | end_turn      |",    // a stop token's id: the model's own end
            "\"stop_reason\":\"</s>\" | end_turn      |",    // a server-side stop string the client did not set
            "\"x\":0                  | end_turn      |"})   // OpenAI itself: no way to tell
    void aBufferedStopReadsStopSequenceOnlyWhenTheServerNamesOneTheClientSet(String field, String reason, String sequence) throws Exception {
        byte[] upstream = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"llama\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Red, green, blue\"},\"finish_reason\":\"stop\"," + field + "}],"
                + "\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":6,\"total_tokens\":27}}").getBytes(StandardCharsets.UTF_8);
        ChatRequest chat = chat(false);
        Completion answer = translator.call(chat, "llama", false).response(upstream);

        JsonNode message = Json.tree(ChatToMessages.translate(answer, "localai/llama", chat.stop()).body());
        assertThat(message.path("stop_reason").asText()).isEqualTo(reason);
        if (sequence == null) assertThat(message.get("stop_sequence").isNull()).isTrue();
        else assertThat(message.path("stop_sequence").asText()).isEqualTo(sequence);
    }

    @Test
    void aStreamedStopSequenceIsTheSameAtEveryByteSplit() throws IOException {
        byte[] stream = Fixtures.bytes("messages/vllm-stop-stream/upstream-stream.txt");
        String expected = Fixtures.text("messages/vllm-stop-stream/events.txt");
        for (int split = 0; split <= stream.length; split++) {
            ByteArrayOutputStream client = new ByteArrayOutputStream();
            StreamResult result = replay(stream, split, client);
            assertThat(client.toString(StandardCharsets.UTF_8)).as("split at byte " + split).isEqualTo(expected);
            assertThat(result.usage()).isEqualTo(Usage.of(21, 6));
        }
        ByteArrayOutputStream oneByOne = new ByteArrayOutputStream();
        ChatRequest chat = chat(true);
        ChunksToEvents events = new ChunksToEvents(oneByOne::writeBytes, "localai/llama", chat.stop());
        StreamTranslator st = translator.call(chat, "llama", true).stream(events);
        FrameDecoder decoder = translator.frameDecoder();
        for (int i = 0; i < stream.length; i++) decoder.feed(stream, i, 1, st::onFrame);
        decoder.finish(st::onFrame);
        events.finish(st.finish().stopSequence());
        assertThat(oneByOne.toString(StandardCharsets.UTF_8)).as("byte by byte").isEqualTo(expected);
    }

    /** The upstream stream in two reads, cut at {@code split}, through the real decoder and translator. */
    private StreamResult replay(byte[] stream, int split, ByteArrayOutputStream client) throws IOException {
        ChatRequest chat = chat(true);
        ChunksToEvents events = new ChunksToEvents(client::writeBytes, "localai/llama", chat.stop());
        StreamTranslator st = translator.call(chat, "llama", true).stream(events);
        FrameDecoder decoder = translator.frameDecoder();
        decoder.feed(stream, 0, split, st::onFrame);
        decoder.feed(stream, split, stream.length - split, st::onFrame);
        decoder.finish(st::onFrame);
        StreamResult result = st.finish();
        events.finish(result.stopSequence());
        return result;
    }
}
