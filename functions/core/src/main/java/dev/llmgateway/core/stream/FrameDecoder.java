package dev.llmgateway.core.stream;

import java.io.IOException;

/**
 * Splits an upstream byte stream into frames. Incremental: bytes may arrive split anywhere,
 * including inside a UTF-8 character or a line terminator; a frame is emitted once complete.
 * One instance serves one stream.
 */
public interface FrameDecoder {
    void feed(byte[] bytes, int offset, int length, FrameSink sink) throws IOException;

    /** Called at end of input: emits a final frame left without its terminator, if any. */
    void finish(FrameSink sink) throws IOException;
}
