package dev.llmgateway.core.http;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.provider.ChunkSink;
import dev.llmgateway.core.provider.Completion;
import dev.llmgateway.core.stream.FrameDecoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;

/**
 * The provider-specific half of an HTTP provider: pure translation between the OpenAI schema and
 * one upstream schema, no I/O. {@link HttpProvider} supplies the transport, timeouts and
 * cancellation once for all of them.
 */
public interface HttpTranslator {
    /** The complete upstream request (URI, headers, body) for a buffered or a streaming call. */
    HttpRequest request(ChatRequest request, String model, boolean stream);

    /** Translates a successful buffered response body. */
    Completion response(byte[] body, ChatRequest request, String model);

    /** A fresh decoder for the streaming body's framing (SSE, NDJSON). */
    FrameDecoder frameDecoder();

    /** A fresh translator for one stream, writing OpenAI chunks to {@code sink}. */
    StreamTranslator streamTranslator(ChatRequest request, String model, ChunkSink sink);

    /** Maps a non-2xx upstream response to the error the client sees. */
    GatewayError error(int status, HttpHeaders headers, byte[] body);
}
