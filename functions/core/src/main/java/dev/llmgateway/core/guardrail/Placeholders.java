package dev.llmgateway.core.guardrail;

/** The placeholder syntax, {@code <TYPE_N>}: what a stream must not split when it releases text. */
final class Placeholders {
    /** The longest placeholder, {@code <} to {@code >}. */
    static final int MAX = 48;

    private Placeholders() {}

    static boolean inside(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** Where a placeholder begins that is still open at {@code to} (a {@code <} followed only by placeholder characters), or {@code to}. */
    static int openAt(CharSequence text, int from, int to) {
        for (int k = to - 1; k >= from && to - k <= MAX; k--) {
            char c = text.charAt(k);
            if (c == '<') return k;
            if (!inside(c)) return to;
        }
        return to;
    }
}
