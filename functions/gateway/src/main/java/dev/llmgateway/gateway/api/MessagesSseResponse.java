package dev.llmgateway.gateway.api;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes an Anthropic Messages stream: each send is one complete SSE event, written as given and
 * flushed. As with {@link SseResponse}, the 200 is committed only with the first event.
 */
final class MessagesSseResponse implements EventStream {
    private final HttpServletResponse response;
    private ServletOutputStream out;

    MessagesSseResponse(HttpServletResponse response) {
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
    }

    /** Anthropic's mid-stream failure: {@code event: error} with the error envelope. */
    @Override
    public void fail(GatewayError error, String costUsd) throws IOException {
        send(("event: error\ndata: " + Json.string(MessagesErrors.envelope(error)) + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void done(String costUsd) {
        // message_stop, relayed from the upstream, is the end of a Messages stream; the receipt is not
        // written into Messages streams (the X-Gateway-Cost-USD receipt is on buffered answers)
    }
}
