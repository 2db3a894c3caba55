package dev.llmgateway.core.http;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.stream.FrameDecoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;

/**
 * The schema-specific half of an HTTP provider: pure translation between the OpenAI schema and
 * one upstream API schema, no I/O. One instance serves one provider (its
 * {@link dev.llmgateway.core.spi.Endpoint}) for all requests; {@link HttpProvider} supplies the
 * transport, timeouts and cancellation once for all of them.
 */
public interface HttpTranslator {
    /**
     * One request's translation. What depends on the request (output mode, URL, body) is decided
     * here, once, and the returned call's three halves agree on it.
     */
    Call call(ChatRequest request, String model, boolean stream);

    /** A fresh decoder for the streaming body's framing (SSE, NDJSON). */
    FrameDecoder frameDecoder();

    /** Maps a non-2xx upstream response to the error the client sees. */
    GatewayError error(int status, HttpHeaders headers, byte[] body);

    /** One request on its way to the upstream and back; used for one call only. */
    interface Call {
        /** The complete upstream request (URI, headers, body). */
        HttpRequest request();

        /** Translates a successful buffered response body. */
        Completion response(byte[] body);

        /** A fresh translator for this request's stream, writing OpenAI chunks to {@code sink}. */
        StreamTranslator stream(ChunkSink sink);
    }
}
