package dev.llmgateway.core.spi;

import dev.llmgateway.core.api.Usage;
import java.util.List;

/**
 * A buffered answer: the OpenAI JSON body for the client, the usage it reports (null if none),
 * whether a client stop sequence ended it (null: not known to; see {@link StopSequence}), the
 * upstream's own response id (null when it gives none, as Bedrock) and the finish reason of each
 * choice in the gateway's OpenAI form ({@code stop}, {@code length}, {@code tool_calls},
 * {@code content_filter}), for the trace.
 */
public record Completion(byte[] body, Usage usage, StopSequence stopSequence, String responseId, List<String> finishReasons) {
    public Completion {
        finishReasons = finishReasons == null ? List.of() : finishReasons.stream().filter(java.util.Objects::nonNull).toList();
    }

    public Completion(byte[] body, Usage usage) {
        this(body, usage, null);
    }

    public Completion(byte[] body, Usage usage, StopSequence stopSequence) {
        this(body, usage, stopSequence, null, List.of());
    }

    public Completion withStopSequence(StopSequence stop) {
        return new Completion(body, usage, stop, responseId, finishReasons);
    }

    /** With the upstream's response id (null: none). */
    public Completion withResponseId(String id) {
        return new Completion(body, usage, stopSequence, id, finishReasons);
    }

    /** With the upstream's response id and the finish reasons. */
    public Completion withResponse(String id, List<String> reasons) {
        return new Completion(body, usage, stopSequence, id, reasons);
    }

    /** The body parsed, for translations into another client API (it is a {@code chat.completion} the gateway made or checked). */
    public com.fasterxml.jackson.databind.JsonNode json() {
        try {
            return dev.llmgateway.core.json.Json.tree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a provider returned a chat.completion that does not parse", e);
        }
    }
}
