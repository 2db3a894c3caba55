package dev.llmgateway.core.spi;

import dev.llmgateway.core.api.Usage;

/**
 * What a finished stream reported: its usage (null if the upstream gave none), finish reason,
 * whether a client stop sequence ended it (null: not known to), and the upstream's response id as
 * its events carried it (null when they carry none).
 */
public record StreamResult(Usage usage, String finishReason, StopSequence stopSequence, String responseId) {
    public StreamResult(Usage usage, String finishReason) {
        this(usage, finishReason, null);
    }

    public StreamResult(Usage usage, String finishReason, StopSequence stopSequence) {
        this(usage, finishReason, stopSequence, null);
    }

    public StreamResult withResponseId(String id) {
        return new StreamResult(usage, finishReason, stopSequence, id);
    }
}
