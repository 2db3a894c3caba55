package dev.llmgateway.core.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Newline-delimited JSON: each non-blank line is one frame. */
public final class NdjsonDecoder implements FrameDecoder {
    private final LineBuffer lines = new LineBuffer();
    private FrameSink sink;
    private final LineBuffer.LineSink emit = this::emit;

    @Override
    public void feed(byte[] bytes, int offset, int length, FrameSink sink) throws IOException {
        this.sink = sink;
        lines.feed(bytes, offset, length, emit);
    }

    @Override
    public void finish(FrameSink sink) throws IOException {
        this.sink = sink;
        lines.finish(emit);
    }

    private void emit(byte[] bytes, int length) throws IOException {
        String line = new String(bytes, 0, length, StandardCharsets.UTF_8);
        if (!line.isBlank()) sink.accept(new Frame(null, line));
    }
}
