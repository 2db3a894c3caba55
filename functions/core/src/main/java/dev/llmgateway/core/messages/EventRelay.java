package dev.llmgateway.core.messages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.http.UpstreamErrors;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.core.spi.StreamEnd;
import dev.llmgateway.core.spi.StreamResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A passed-through Messages stream (Anthropic's SSE, or Claude on Bedrock's event-stream chunks):
 * each upstream event goes to the client as it came, its name and data unchanged, one SSE event per
 * {@code send}; usage is read from {@code message_start} and {@code message_delta}. An upstream
 * {@code error} event is raised, so the edge ends the stream with its own error event and settles.
 */
public final class EventRelay {
    private final ChunkSink sink;
    private final String provider;
    private final MessagesUsage tokens = new MessagesUsage();
    private String stopReason;
    private String messageId;
    private boolean stopped;

    public EventRelay(ChunkSink sink, String provider) {
        this.sink = sink;
        this.provider = provider;
    }

    /** One upstream event: {@code type} its name (null: none), {@code data} its JSON. */
    public void relay(String type, String data) throws IOException {
        if ("error".equals(type)) throw errorEvent(provider, Json.tree(data));
        if ("message_start".equals(type) || "message_delta".equals(type)) {
            JsonNode event = Json.tree(data);
            tokens.update(event.path("message").path("usage"));
            tokens.update(event.path("usage"));
            if (messageId == null && event.path("message").path("id").isTextual()) messageId = event.path("message").path("id").asText();
            if (event.path("delta").hasNonNull("stop_reason")) stopReason = event.path("delta").path("stop_reason").asText();
        }
        if ("message_stop".equals(type)) stopped = true;
        String event = (type == null ? "" : "event: " + type + "\n") + "data: " + data.replace("\n", "\ndata: ") + "\n\n";
        sink.send(event.getBytes(StandardCharsets.UTF_8));
    }

    /** An {@code error} event inside a 200 stream: no status line, so the error type says which it is. */
    public static GatewayError errorEvent(String provider, JsonNode event) {
        JsonNode error = event.path("error");
        return UpstreamErrors.map(provider, status(error.path("type").asText("")), null, error.path("message").asText(null), null, null);
    }

    /** The HTTP status Anthropic documents for each error type. */
    static int status(String type) {
        return switch (type) {
            case "invalid_request_error" -> 400;
            case "authentication_error" -> 401;
            case "billing_error" -> 402;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            case "rate_limit_error" -> 429;
            case "timeout_error" -> 504;
            case "overloaded_error" -> 529;
            default -> 500; // api_error and anything newer
        };
    }

    /** The usage and stop reason; a stream that never reached {@code message_stop} is an upstream failure. */
    public StreamResult finish() {
        return StreamEnd.require(new StreamResult(tokens.usage(), stopReason, null, messageId), stopped, provider);
    }
}
