package dev.llmgateway.core.spi;

import dev.llmgateway.core.api.GatewayError;

/**
 * The one check every translated stream makes at end of input: an upstream stream that stops
 * before its completion marker was cut off, which is a failure, never a short answer.
 */
public final class StreamEnd {
    private StreamEnd() {}

    /** Returns {@code result} when the stream completed, else throws the upstream failure. */
    public static <T> T require(T result, boolean complete, String provider) {
        if (!complete) throw GatewayError.upstreamUnavailable(provider, "stream ended before it was complete", null);
        return result;
    }
}
