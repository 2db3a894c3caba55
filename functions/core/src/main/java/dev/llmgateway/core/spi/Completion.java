package dev.llmgateway.core.spi;

import dev.llmgateway.core.api.Usage;

/**
 * A buffered answer: the OpenAI JSON body for the client, the usage it reports (null if none), and
 * whether a client stop sequence ended it (null: not known to; see {@link StopSequence}).
 */
public record Completion(byte[] body, Usage usage, StopSequence stopSequence) {
    public Completion(byte[] body, Usage usage) {
        this(body, usage, null);
    }

    public Completion withStopSequence(StopSequence stop) {
        return new Completion(body, usage, stop);
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
