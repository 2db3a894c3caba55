package dev.llmgateway.gateway.api;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.spi.ChunkSink;
import java.io.IOException;

/** A streamed answer on its way to the client, in the inbound API's own event framing. */
interface EventStream extends ChunkSink {
    /** True once the 200 and the first event are out: from then on a failure can only be an event. */
    boolean started();

    /** Ends a started stream with an error event in the API's own shape; {@code costUsd} is what was billed. */
    void fail(GatewayError error, String costUsd) throws IOException;

    /** Ends a complete stream with the receipt comment (and, for chat, {@code [DONE]}). */
    void done(String costUsd) throws IOException;
}
