package dev.llmgateway.core.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * OpenAI's {@code reasoning_effort} (chat) and {@code reasoning.effort} (Responses). OpenAI-compatible
 * upstreams receive the word as sent; the translating providers turn it into a thinking budget in
 * tokens, one table for all of them (docs/reasoning.md), since none publishes what the words mean.
 */
public enum ReasoningEffort {
    NONE(0), MINIMAL(1024), LOW(2048), MEDIUM(8192), HIGH(24576);

    private final int budgetTokens;

    ReasoningEffort(int budgetTokens) {
        this.budgetTokens = budgetTokens;
    }

    /** The thinking budget: 0 means no thinking at all. */
    public int budgetTokens() {
        return budgetTokens;
    }

    public boolean thinks() {
        return budgetTokens > 0;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The effort named by {@code value}, or a 400 naming {@code param}; null stays null. */
    public static ReasoningEffort parse(String value, String param) {
        if (value == null) return null;
        for (ReasoningEffort e : values()) if (e.wire().equals(value)) return e;
        throw GatewayError.invalidRequest("Invalid '" + param + "': expected one of "
                + Arrays.stream(values()).map(ReasoningEffort::wire).collect(Collectors.joining(", ")) + ", got '" + value + "'.",
                param, "invalid_value");
    }
}
