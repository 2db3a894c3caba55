package dev.llmgateway.core.spi;

import dev.llmgateway.core.api.Usage;

/**
 * What a finished stream reported: its usage (null if the upstream gave none), finish reason, and
 * whether a client stop sequence ended it (null: not known to).
 */
public record StreamResult(Usage usage, String finishReason, StopSequence stopSequence) {
    public StreamResult(Usage usage, String finishReason) {
        this(usage, finishReason, null);
    }
}
