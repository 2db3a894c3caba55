package dev.llmgateway.core.spi;

import dev.llmgateway.core.api.MessagesRequest;
import java.io.IOException;

/**
 * A provider that serves Anthropic's Messages API natively, so {@code /v1/messages} is passed
 * through: the client's body goes upstream with only {@code model} rewritten, and the answer
 * comes back as the upstream wrote it.
 */
public interface MessagesApi {
    /**
     * Whether this provider speaks the Messages API natively for {@code model}; when it does not
     * (Bedrock's models other than Claude), the request is translated through chat instead.
     */
    default boolean passesThrough(String model) {
        return true;
    }

    /** A buffered answer: the upstream's Messages JSON unchanged, and its usage. */
    Completion messages(MessagesRequest request, String model);

    /**
     * Streams the upstream's events into {@code events}, one complete SSE event
     * ({@code event:} and {@code data:} lines and the blank line) per {@code send}.
     */
    StreamResult streamMessages(MessagesRequest request, String model, ChunkSink events) throws IOException;
}
