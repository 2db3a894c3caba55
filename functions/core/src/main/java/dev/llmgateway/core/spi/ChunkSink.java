package dev.llmgateway.core.spi;

import java.io.IOException;

/** Where a stream's OpenAI chunks go: the edge frames each as one SSE {@code data:} event and flushes it. */
@FunctionalInterface
public interface ChunkSink {
    /** Sends one serialised {@code chat.completion.chunk}; throws when the client has gone away. */
    void send(byte[] chunkJson) throws IOException;
}
