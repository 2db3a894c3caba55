package dev.llmgateway.core.spi;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;

/** Checks every translating provider makes, so a field it cannot honour is rejected by name, never dropped. */
public final class RequestChecks {
    private RequestChecks() {}

    public static void translatable(ChatRequest request, String provider) {
        if (!request.unknownFields().isEmpty()) {
            throw GatewayError.unsupported(provider, request.unknownFields().iterator().next(),
                    "the gateway passes unknown fields only to OpenAI-compatible providers");
        }
        if (request.n() != 1) {
            throw GatewayError.unsupported(provider, "n", "only n=1 can be translated");
        }
    }
}
