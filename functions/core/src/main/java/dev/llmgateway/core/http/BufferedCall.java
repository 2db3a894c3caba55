package dev.llmgateway.core.http;

import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.core.spi.Completion;
import java.net.http.HttpRequest;
import java.util.function.Function;

/** A call that is never streamed (embeddings): its request and how its buffered answer is read. */
public record BufferedCall(HttpRequest request, Function<byte[], Completion> reader) implements HttpTranslator.Call {
    @Override
    public Completion response(byte[] body) {
        return reader.apply(body);
    }

    @Override
    public StreamTranslator stream(ChunkSink sink) {
        throw new UnsupportedOperationException("a buffered call has no stream");
    }
}
