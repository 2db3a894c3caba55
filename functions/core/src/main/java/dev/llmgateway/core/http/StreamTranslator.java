package dev.llmgateway.core.http;

import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.stream.Frame;
import java.io.IOException;

/**
 * Turns one upstream stream's frames into OpenAI chunks. Holds that stream's state; one instance
 * per request. Throws {@link dev.llmgateway.core.api.GatewayError} for an error event in the stream.
 */
public interface StreamTranslator {
    void onFrame(Frame frame) throws IOException;

    /**
     * Called at end of input. Sends the closing chunks and returns the result, or throws a
     * {@link dev.llmgateway.core.api.GatewayError} when the stream ended before its completion event.
     */
    StreamResult finish() throws IOException;
}
