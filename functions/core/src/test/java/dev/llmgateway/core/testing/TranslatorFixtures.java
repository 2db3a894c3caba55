package dev.llmgateway.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.http.HttpTranslator;
import dev.llmgateway.core.http.StreamTranslator;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.stream.FrameDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Golden-fixture checks for an {@link HttpTranslator}. A case folder holds:
 * {@code request.json} (what the client sends), {@code upstream-request.json} (what the
 * translator must send), and either {@code upstream-response.json} + {@code response.json}
 * (buffered) or {@code upstream-stream.txt} + {@code chunks.jsonl} (one expected OpenAI chunk per
 * line). Streams are replayed split at every byte offset, and one byte at a time.
 */
public final class TranslatorFixtures {
    private final HttpTranslator translator;
    private final String provider;

    public TranslatorFixtures(String provider, HttpTranslator translator) {
        this.provider = provider;
        this.translator = translator;
    }

    public ChatRequest clientRequest(String testCase) {
        return ChatRequest.parse(Fixtures.bytes(provider + "/" + testCase + "/request.json"));
    }

    /** Asserts the upstream request body and returns the built request for header/URI checks. */
    public HttpRequest assertUpstreamRequest(String testCase, String model) {
        ChatRequest request = clientRequest(testCase);
        HttpRequest upstream = translator.call(request, model, request.stream()).request();
        JsonMatch.assertMatches(Fixtures.text(provider + "/" + testCase + "/upstream-request.json"),
                new String(BodyBytes.of(upstream), StandardCharsets.UTF_8));
        return upstream;
    }

    public Completion assertResponse(String testCase, String model) {
        ChatRequest request = clientRequest(testCase);
        Completion completion = translator.call(request, model, false).response(Fixtures.bytes(provider + "/" + testCase + "/upstream-response.json"));
        JsonMatch.assertMatches(Fixtures.text(provider + "/" + testCase + "/response.json"),
                new String(completion.body(), StandardCharsets.UTF_8));
        return completion;
    }

    /** Replays the upstream stream whole, at every split point, and byte by byte; all must give the expected chunks. */
    public StreamResult assertStream(String testCase, String model) {
        byte[] stream = Fixtures.bytes(provider + "/" + testCase + "/upstream-stream.txt");
        List<String> expected = Fixtures.text(provider + "/" + testCase + "/chunks.jsonl").lines()
                .filter(l -> !l.isBlank()).toList();
        StreamResult whole = replay(testCase, model, List.of(stream.length), stream, expected);
        for (int split = 1; split < stream.length; split++) {
            assertEquals(whole, replay(testCase, model, List.of(split, stream.length), stream, expected),
                    "result differs when split at byte " + split);
        }
        List<Integer> everyByte = new ArrayList<>();
        for (int i = 1; i <= stream.length; i++) everyByte.add(i);
        assertEquals(whole, replay(testCase, model, everyByte, stream, expected), "result differs byte by byte");
        return whole;
    }

    private StreamResult replay(String testCase, String model, List<Integer> cuts, byte[] stream, List<String> expected) {
        ChatRequest request = clientRequest(testCase);
        List<String> chunks = new ArrayList<>();
        FrameDecoder decoder = translator.frameDecoder();
        StreamTranslator st = translator.call(request, model, true).stream(json -> chunks.add(new String(json, StandardCharsets.UTF_8)));
        try {
            int from = 0;
            for (int cut : cuts) {
                decoder.feed(stream, from, cut - from, st::onFrame);
                from = cut;
            }
            decoder.finish(st::onFrame);
            StreamResult result = st.finish();
            assertEquals(expected.size(), chunks.size(), "chunk count (cuts " + cuts.size() + "): " + chunks);
            for (int i = 0; i < expected.size(); i++) JsonMatch.assertMatches(expected.get(i), chunks.get(i));
            assertEquals(1, chunks.stream().map(c -> Json.tree(c).path("id").asText()).distinct().count(),
                    "every chunk of one stream carries the same id");
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
