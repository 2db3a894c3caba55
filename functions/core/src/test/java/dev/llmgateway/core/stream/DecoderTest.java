package dev.llmgateway.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecoderTest {
    /** Feeds {@code bytes} cut at the (ascending) offsets {@code cuts}, then finishes. */
    static List<Frame> decode(FrameDecoder decoder, byte[] bytes, int... cuts) throws IOException {
        List<Frame> frames = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            decoder.feed(bytes, from, cut - from, frames::add);
            from = cut;
        }
        decoder.feed(bytes, from, bytes.length - from, frames::add);
        decoder.finish(frames::add);
        return frames;
    }

    @Test
    void sseFollowsTheEventStreamRules() throws IOException {
        byte[] stream = (": comment\r\n"
                + "event: message_start\r\ndata: {\"a\":1}\r\n\r\n"
                + "data:no-space\n"
                + "data: second line\n\n"
                + "id: 7\nretry: 10\n\n"          // no data: dispatches nothing
                + "event: ping\ndata: {}\r\r"      // bare CR terminators
                + "data: tail-without-blank-line").getBytes(StandardCharsets.UTF_8);
        List<Frame> expected = List.of(
                new Frame("message_start", "{\"a\":1}"),
                new Frame(null, "no-space\nsecond line"),
                new Frame("ping", "{}"),
                new Frame(null, "tail-without-blank-line"));
        assertThat(decode(new SseDecoder(), stream)).isEqualTo(expected);
        for (int cut = 1; cut < stream.length; cut++) {
            assertThat(decode(new SseDecoder(), stream, cut)).as("split at %d", cut).isEqualTo(expected);
        }
    }

    @Test
    void crLfSplitAcrossFeedsIsOneTerminator() throws IOException {
        byte[] stream = "data: a\r\n\r\ndata: b\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        int[] everyByte = new int[stream.length - 1];
        for (int i = 0; i < everyByte.length; i++) everyByte[i] = i + 1;
        assertThat(decode(new SseDecoder(), stream, everyByte))
                .containsExactly(new Frame(null, "a"), new Frame(null, "b"));
    }

    @Test
    void ndjsonSurvivesSplitsInsideMultiByteCharacters() throws IOException {
        byte[] stream = "{\"t\":\"日本語 🎉\"}\n\n{\"t\":\"é\"}".getBytes(StandardCharsets.UTF_8);
        List<Frame> expected = List.of(new Frame(null, "{\"t\":\"日本語 🎉\"}"), new Frame(null, "{\"t\":\"é\"}"));
        for (int cut = 1; cut < stream.length; cut++) {
            assertThat(decode(new NdjsonDecoder(), stream, cut)).as("split at %d", cut).isEqualTo(expected);
        }
    }

    /** A line of {@code length} UTF-8 bytes whose every position differs, with multi-byte characters. */
    private static String longLine(int length, char seed) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (sb.toString().getBytes(StandardCharsets.UTF_8).length < length - 3) {
            sb.append(i % 97 == 0 ? "é" : i % 131 == 0 ? "日" : String.valueOf((char) (seed + i % 26)));
            i++;
        }
        while (sb.toString().getBytes(StandardCharsets.UTF_8).length < length) sb.append('.');
        return sb.toString();
    }

    @Test
    void linesOfSeveralKibSurviveTheBufferGrowingAtEverySplit() throws IOException {
        // Around and well past the 1 KiB initial buffer, so it grows once, twice, and several times.
        List<String> lines = List.of(longLine(1023, 'a'), longLine(1025, 'A'), longLine(2049, 'a'), longLine(4500, 'A'));
        StringBuilder sse = new StringBuilder();
        StringBuilder ndjson = new StringBuilder();
        List<Frame> expectedSse = new ArrayList<>();
        List<Frame> expectedNdjson = new ArrayList<>();
        for (String line : lines) {
            sse.append("data: ").append(line).append("\n\n");
            ndjson.append(line).append("\n");
            expectedSse.add(new Frame(null, line));
            expectedNdjson.add(new Frame(null, line));
        }
        byte[] sseBytes = sse.toString().getBytes(StandardCharsets.UTF_8);
        byte[] ndjsonBytes = ndjson.toString().getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < sseBytes.length; cut++) {
            assertThat(decode(new SseDecoder(), sseBytes, cut)).as("SSE split at %d", cut).isEqualTo(expectedSse);
        }
        for (int cut = 1; cut < ndjsonBytes.length; cut++) {
            assertThat(decode(new NdjsonDecoder(), ndjsonBytes, cut)).as("NDJSON split at %d", cut).isEqualTo(expectedNdjson);
        }
        int[] everyByte = new int[sseBytes.length - 1];
        for (int i = 0; i < everyByte.length; i++) everyByte[i] = i + 1;
        assertThat(decode(new SseDecoder(), sseBytes, everyByte)).as("SSE byte by byte").isEqualTo(expectedSse);
    }

    @Test
    void sseFieldNamesAndValuesFollowTheSpecToTheByte() throws IOException {
        // A colon-less line is a field with an empty value; one leading space is stripped, not two;
        // names match exactly (case, length); a shorter line after a longer one reads none of its bytes.
        byte[] stream = ("data\n\n"
                + "data:\n\n"
                + "data:  two\n\n"
                + "data:x\n\n"
                + "dat: no\ndatax: no\nData: no\neventx: no\nevent\ndata: e\n\n"
                + "abcd:efgh\ndata\n\n").getBytes(StandardCharsets.UTF_8);
        assertThat(decode(new SseDecoder(), stream)).containsExactly(
                new Frame(null, ""), new Frame(null, ""), new Frame(null, " two"), new Frame(null, "x"),
                new Frame("", "e"), new Frame(null, ""));
    }
}
