package dev.llmgateway.core.stream;

import java.io.IOException;

/** Receives decoded frames; may write to the client, hence the {@link IOException}. */
@FunctionalInterface
public interface FrameSink {
    void accept(Frame frame) throws IOException;
}
