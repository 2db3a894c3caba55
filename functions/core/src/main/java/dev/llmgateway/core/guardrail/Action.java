package dev.llmgateway.core.guardrail;

import java.util.Locale;

/**
 * What a rule does with a finding, from the loosest to the tightest: when policies meet, the
 * tighter action wins ({@link #tighter}). {@code redact} is tighter than {@code restore} because
 * the client does not get the value back either.
 */
public enum Action {
    LOG, RESTORE, REDACT, BLOCK;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Action parse(String text) {
        for (Action a : values()) {
            if (a.wire().equals(text)) return a;
        }
        return null;
    }

    public static Action tighter(Action a, Action b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /** Whether the value is replaced by a placeholder before it leaves. */
    public boolean replaces() {
        return this == RESTORE || this == REDACT;
    }
}
