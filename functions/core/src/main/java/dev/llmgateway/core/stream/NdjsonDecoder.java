package dev.llmgateway.core.stream;

import java.io.IOException;

/** Newline-delimited JSON: each non-blank line is one frame. */
public final class NdjsonDecoder implements FrameDecoder {
    private final LineBuffer lines = new LineBuffer();

    @Override
    public void feed(byte[] bytes, int offset, int length, FrameSink sink) throws IOException {
        lines.feed(bytes, offset, length, line -> emit(line, sink));
    }

    @Override
    public void finish(FrameSink sink) throws IOException {
        lines.finish(line -> emit(line, sink));
    }

    private static void emit(String line, FrameSink sink) throws IOException {
        if (!line.isBlank()) sink.accept(new Frame(null, line));
    }
}
