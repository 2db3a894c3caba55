package dev.llmgateway.gateway.api;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a Responses API stream: each send is one complete SSE event, written as given and
 * flushed; the 200 is committed with the first. Events are numbered from 0 one by one, by OpenAI
 * and by the translation alike, so a failure event takes the next number.
 */
final class ResponsesSseResponse implements EventStream {
    private final HttpServletResponse response;
    private ServletOutputStream out;
    private long sent;

    ResponsesSseResponse(HttpServletResponse response) {
        this.response = response;
    }

    @Override
    public boolean started() {
        return out != null;
    }

    @Override
    public void send(byte[] event) throws IOException {
        if (out == null) out = SseResponse.open(response);
        out.write(event);
        out.flush();
        sent++;
    }

    /** OpenAI's mid-stream failure: an {@code error} event with code, message and param. */
    @Override
    public void fail(GatewayError error, String costUsd) throws IOException {
        var data = Json.object().put("type", "error").put("code", error.code()).put("message", error.getMessage())
                .put("param", error.param()).put("sequence_number", sent);
        send(("event: error\ndata: " + Json.string(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void done(String costUsd) {
        // the terminal event (response.completed, .incomplete or .failed) ends a Responses stream
    }
}
