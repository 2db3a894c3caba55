package dev.llmgateway.core.guardrail;

import java.util.Locale;

/** Inbound: the client's request, on its way to the provider. Outbound: the provider's answer, on its way to the client. */
public enum Direction {
    INBOUND, OUTBOUND;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
