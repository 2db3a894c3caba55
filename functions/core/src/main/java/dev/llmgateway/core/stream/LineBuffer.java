package dev.llmgateway.core.stream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Accumulates bytes and yields complete lines. Terminators ({@code \n}, {@code \r\n}, {@code \r})
 * are ASCII and never occur inside a UTF-8 sequence, so a line is decoded only once whole.
 */
final class LineBuffer {
    interface LineSink {
        void line(String line) throws java.io.IOException;
    }

    private byte[] buf = new byte[1024];
    private int len;
    private boolean lastWasCr;

    void feed(byte[] bytes, int offset, int length, LineSink sink) throws java.io.IOException {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (lastWasCr) {
                    lastWasCr = false; // second half of \r\n: the line was already emitted
                    continue;
                }
                emit(sink);
            } else if (b == '\r') {
                lastWasCr = true;
                emit(sink);
            } else {
                lastWasCr = false;
                if (len == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
                buf[len++] = b;
            }
        }
    }

    /** Emits what is left without a terminator, if anything. */
    void finish(LineSink sink) throws java.io.IOException {
        if (len > 0) emit(sink);
    }

    private void emit(LineSink sink) throws java.io.IOException {
        String line = new String(buf, 0, len, StandardCharsets.UTF_8);
        len = 0;
        sink.line(line);
    }
}
