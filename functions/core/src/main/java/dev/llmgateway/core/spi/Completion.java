package dev.llmgateway.core.spi;

import dev.llmgateway.core.api.Usage;

/** A buffered answer: the OpenAI JSON body for the client and the usage it reports (null if none). */
public record Completion(byte[] body, Usage usage) {}
