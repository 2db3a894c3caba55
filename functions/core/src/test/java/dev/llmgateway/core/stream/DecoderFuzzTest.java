package dev.llmgateway.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.testing.FuzzBudget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The incremental decoders: whatever the bytes, and wherever the network splits them, the frames are
 * those of the whole input decoded at once. Inputs are built from the pieces the decoders react to
 * (terminators, field names, colons, multi-byte characters) so the interesting cases are common.
 */
@AddLifecycleHook(FuzzBudget.class)
class DecoderFuzzTest {
    private static final String[] SSE_PIECES = {"\n", "\r", "\r\n", "\n\n", "data:", "data: ", "event:", "event: ",
            "id: 1", "retry: 5", ":", ": comment", " ", "{\"a\":1}", "[DONE]", "é", "日本", "🎉", "x", "data", "\u0000"};
    private static final String[] NDJSON_PIECES = {"\n", "\r", "\r\n", "{", "}", "\"t\":", "\"é🎉\"", " ", "[", "]", "x"};

    @Property(tries = 400)
    void sseFramesDoNotDependOnWhereTheBytesAreSplit(@ForAll("sse") byte[] stream, @ForAll("cuts") List<Integer> cuts)
            throws IOException {
        assertSplitInvariant(SseDecoder::new, stream, cuts);
    }

    @Property(tries = 400)
    void ndjsonFramesDoNotDependOnWhereTheBytesAreSplit(@ForAll("ndjson") byte[] stream, @ForAll("cuts") List<Integer> cuts)
            throws IOException {
        assertSplitInvariant(NdjsonDecoder::new, stream, cuts);
    }

    @Property(tries = 200)
    void arbitraryBytesDecodeTheSameHoweverSplit(@ForAll @Size(max = 3000) byte[] stream, @ForAll("cuts") List<Integer> cuts)
            throws IOException {
        assertSplitInvariant(SseDecoder::new, stream, cuts);
        assertSplitInvariant(NdjsonDecoder::new, stream, cuts);
    }

    /** Random cuts, and a cut at every byte (which puts one between every CR and LF). */
    private static void assertSplitInvariant(Supplier<FrameDecoder> decoder, byte[] stream, List<Integer> cuts) throws IOException {
        List<Frame> whole = decode(decoder.get(), stream, List.of());
        List<Integer> positions = cuts.stream().map(c -> c % (stream.length + 1)).sorted().toList();
        assertThat(decode(decoder.get(), stream, positions)).as("cuts at %s", positions).isEqualTo(whole);
        List<Integer> everyByte = new ArrayList<>();
        for (int i = 1; i < stream.length; i++) everyByte.add(i);
        assertThat(decode(decoder.get(), stream, everyByte)).as("byte by byte").isEqualTo(whole);
    }

    private static List<Frame> decode(FrameDecoder decoder, byte[] bytes, List<Integer> cuts) throws IOException {
        return DecoderTest.decode(decoder, bytes, cuts.stream().mapToInt(Integer::intValue).toArray());
    }

    @Provide
    Arbitrary<byte[]> sse() {
        return pieces(SSE_PIECES);
    }

    @Provide
    Arbitrary<byte[]> ndjson() {
        return pieces(NDJSON_PIECES);
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 100_000).list().ofMaxSize(40);
    }

    /** Concatenations of pieces, some repeated into lines longer than the decoders' initial buffer. */
    private static Arbitrary<byte[]> pieces(String[] pieces) {
        Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.of(pieces),
                Arbitraries.of(pieces).map(p -> p.repeat(300)).withoutEdgeCases());
        return piece.list().ofMaxSize(60).map(list -> String.join("", list).getBytes(StandardCharsets.UTF_8));
    }
}
