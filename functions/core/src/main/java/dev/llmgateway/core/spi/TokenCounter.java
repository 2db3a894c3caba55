package dev.llmgateway.core.spi;

import dev.llmgateway.core.api.MessagesRequest;

/** A provider that counts a Messages request's tokens exactly ({@code /v1/messages/count_tokens}). */
public interface TokenCounter {
    /** The upstream's JSON unchanged; usage is null, since counting is free. */
    Completion countTokens(MessagesRequest request, String model);
}
