package dev.llmgateway.gateway.api;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.gateway.metrics.RequestMeter;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a stream to the client as server-sent events, one flushed {@code data:} event per chunk.
 * The 200 and its headers are committed only with the first chunk, so a failure before any
 * output still gets a proper error status.
 */
final class SseResponse implements EventStream {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpServletResponse response;
    private ServletOutputStream out;

    SseResponse(HttpServletResponse response) {
        this.response = response;
    }

    @Override
    public boolean started() {
        return out != null;
    }

    @Override
    public void send(byte[] chunkJson) throws IOException {
        start();
        out.write(DATA);
        out.write(chunkJson);
        out.write(END);
        out.flush();
    }

    /**
     * Ends the stream: the receipt as an SSE comment ({@code : X-Gateway-Cost-USD: 0.001234}, which
     * SSE clients and the SDKs skip), then {@code [DONE]}.
     */
    @Override
    public void done(String costUsd) throws IOException {
        start();
        receipt(out, costUsd);
        out.write(DONE);
        out.flush();
    }

    /** Ends a started stream with the receipt of what was billed, an error event in OpenAI's shape (the SDKs raise it), and no [DONE]. */
    @Override
    public void fail(GatewayError error, String costUsd) throws IOException {
        start();
        receipt(out, costUsd);
        send(Json.bytes(error.envelope()));
    }

    /** The receipt as an SSE comment, {@code : X-Gateway-Cost-USD: 0.001234} (every API's streams end with one). */
    static void receipt(ServletOutputStream out, String costUsd) throws IOException {
        out.write((": " + RequestMeter.COST_HEADER + ": " + costUsd + "\n\n").getBytes(StandardCharsets.US_ASCII));
    }

    private void start() throws IOException {
        if (out == null) out = open(response);
    }

    /** Commits a 200 event stream (either API's) and returns its body. */
    static ServletOutputStream open(HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType("text/event-stream;charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no"); // tells proxies not to buffer the stream
        return response.getOutputStream();
    }
}
