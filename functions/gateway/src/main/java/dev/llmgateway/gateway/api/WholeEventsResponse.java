package dev.llmgateway.gateway.api;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a stream whose chunks are whole SSE events, as Anthropic's Messages API and OpenAI's
 * Responses API frame them: each send is written as given and flushed, and the 200 is committed
 * only with the first (as in {@link SseResponse}). The API's last event ends the stream; the
 * receipt follows it as an SSE comment, which SSE clients and the SDKs skip. Only the error event
 * differs between the two APIs.
 */
final class WholeEventsResponse implements EventStream {
    /** The API's mid-stream error event, given how many events were sent before it. */
    private interface ErrorEvent {
        String data(GatewayError error, long sent);
    }

    private final HttpServletResponse response;
    private final ErrorEvent errorEvent;
    private ServletOutputStream out;
    private long sent;

    private WholeEventsResponse(HttpServletResponse response, ErrorEvent errorEvent) {
        this.response = response;
        this.errorEvent = errorEvent;
    }

    /** Anthropic's Messages stream; a failure is {@code event: error} with Anthropic's error envelope. */
    static WholeEventsResponse messages(HttpServletResponse response) {
        return new WholeEventsResponse(response, (error, sent) -> Json.string(MessagesErrors.envelope(error)));
    }

    /**
     * A Responses API stream; a failure is an {@code error} event with code, message and param. Events
     * are numbered from 0 one by one, by OpenAI and by the translation alike, so it takes the next number.
     */
    static WholeEventsResponse responses(HttpServletResponse response) {
        return new WholeEventsResponse(response, (error, sent) -> Json.string(Json.object().put("type", "error")
                .put("code", error.code()).put("message", error.getMessage()).put("param", error.param()).put("sequence_number", sent)));
    }

    @Override
    public boolean started() {
        return out != null;
    }

    @Override
    public void send(byte[] event) throws IOException {
        start();
        out.write(event);
        out.flush();
        sent++;
    }

    /** Ends a started stream with the receipt of what was billed, then the API's error event. */
    @Override
    public void fail(GatewayError error, String costUsd) throws IOException {
        start();
        SseResponse.receipt(out, costUsd);
        send(("event: error\ndata: " + errorEvent.data(error, sent) + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /** After the API's terminal event ({@code message_stop}, {@code response.completed}...): the receipt. */
    @Override
    public void done(String costUsd) throws IOException {
        start();
        SseResponse.receipt(out, costUsd);
        out.flush();
    }

    /** Commits the 200 with the first write, as {@link SseResponse} does. */
    private void start() throws IOException {
        if (out == null) out = SseResponse.open(response);
    }
}
