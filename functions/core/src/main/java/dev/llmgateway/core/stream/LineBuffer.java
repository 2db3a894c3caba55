package dev.llmgateway.core.stream;

import java.util.Arrays;

/**
 * Accumulates bytes and yields complete lines. Terminators ({@code \n}, {@code \r\n}, {@code \r})
 * are ASCII and never occur inside a UTF-8 sequence, so a line is handed on only once whole.
 * Lines are handed on as bytes, so a decoder decodes only the part it keeps.
 */
final class LineBuffer {
    interface LineSink {
        /** One line without its terminator: {@code line[0..length)}, valid only during the call. */
        void line(byte[] line, int length) throws java.io.IOException;
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
        int length = len;
        len = 0;
        sink.line(buf, length);
    }
}
