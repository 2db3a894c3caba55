package dev.llmgateway.core.text;

/**
 * Client-chosen text made safe for a log line or a metric label: every control character (and the
 * Unicode line and paragraph separators) is written as a visible escape, so a value can neither
 * start a forged log line nor break a label. Written here because the escaping libraries on the
 * classpath escape for a target format (JSON, HTML), not for a plain-text line.
 */
public final class Printable {
    private Printable() {}

    /** {@code value} with control characters escaped ({@code \n}, {@code \r}, {@code \t}, else {@code \}{@code uXXXX}); null stays "null". */
    public static String escape(Object value) {
        String text = String.valueOf(value);
        int i = firstUnsafe(text);
        if (i < 0) return text;
        StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (unsafe(c)) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.toString();
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (unsafe(text.charAt(i))) return i;
        }
        return -1;
    }

    private static boolean unsafe(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
