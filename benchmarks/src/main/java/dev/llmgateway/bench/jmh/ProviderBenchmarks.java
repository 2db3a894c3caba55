package dev.llmgateway.bench.jmh;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.http.HttpTranslator;
import dev.llmgateway.core.http.StreamTranslator;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.stream.FrameDecoder;
import dev.llmgateway.core.stream.FrameSink;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-request and per-chunk work of each provider adapter, without any I/O. Run with
 * {@code -prof gc} for bytes allocated per operation ({@code gc.alloc.rate.norm}).
 * A new adapter is one method in {@link ProviderCases} plus its name in {@code @Param} below.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class ProviderBenchmarks {
    @Param({"openai", "ollama"})
    public String provider;

    private ProviderCase c;
    private HttpTranslator.Call buffered;
    private FrameDecoder decoder;
    private FrameSink frames;
    private FrameDecoder asciiDecoder;
    private FrameSink asciiFrames;
    private long sent;

    @Setup
    public void setUp() throws IOException {
        c = ProviderCases.named(provider);
        buffered = c.translator().call(ChatRequest.parse(c.clientRequest()), c.model(), false);
        // Long-lived streams: each invocation feeds one more content event, as mid-answer.
        decoder = c.translator().frameDecoder();
        StreamTranslator stream = c.translator().call(c.streamRequest(), c.model(), true).stream(chunk -> sent += chunk.length);
        frames = stream::onFrame;
        decoder.feed(c.streamEvent(), 0, c.streamEvent().length, frames); // the first event also sends the role
        if (sent == 0) throw new IllegalStateException(provider + ": the stream event produced no chunk");
        asciiDecoder = c.translator().frameDecoder();
        StreamTranslator ascii = c.translator().call(c.streamRequest(), c.model(), true).stream(chunk -> sent += chunk.length);
        asciiFrames = ascii::onFrame;
        asciiDecoder.feed(c.asciiStreamEvent(), 0, c.asciiStreamEvent().length, asciiFrames);
    }

    /** Client body in: parse and validate, translate, serialise the upstream request. */
    @Benchmark
    public HttpRequest request() {
        return c.translator().call(ChatRequest.parse(c.clientRequest()), c.model(), false).request();
    }

    /** Buffered upstream answer in (its request translated once, in setup): parse it, build the {@code chat.completion} body and the usage. */
    @Benchmark
    public Completion response() {
        return buffered.response(c.upstreamResponse());
    }

    /** One streamed upstream content event (the golden fixture's, mixed-script text): decode, translate, serialise. */
    @Benchmark
    public long streamEvent() throws IOException {
        decoder.feed(c.streamEvent(), 0, c.streamEvent().length, frames);
        return sent;
    }

    /** The same event with ASCII text, as most English output is: Java strings stay one byte per character. */
    @Benchmark
    public long streamEventAscii() throws IOException {
        asciiDecoder.feed(c.asciiStreamEvent(), 0, c.asciiStreamEvent().length, asciiFrames);
        return sent;
    }
}
