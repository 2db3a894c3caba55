package dev.llmgateway.core.spi;

import dev.llmgateway.core.api.Usage;

/** What a finished stream reported: its usage (null if the upstream gave none) and finish reason. */
public record StreamResult(Usage usage, String finishReason) {}
