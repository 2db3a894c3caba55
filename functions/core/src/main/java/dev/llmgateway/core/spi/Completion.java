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
}
