package dev.llmgateway.core.tenant;

import java.util.regex.Pattern;

/**
 * A model name pattern of a key's allow- or deny-list: a model name in which {@code *} stands for
 * any run of characters ({@code gpt-4o*}, {@code *-mini}, {@code ollama/*}). Globs rather than
 * regular expressions: an operator's list never needs more, and matching stays linear.
 */
public record ModelPattern(String glob) {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9*][A-Za-z0-9._:/@+*-]{0,199}");

    public static boolean valid(String glob) {
        return glob != null && VALID.matcher(glob).matches();
    }

    public boolean matches(String model) {
        String[] parts = glob.split("\\*", -1);
        if (parts.length == 1) return glob.equals(model);
        if (!model.startsWith(parts[0])) return false;
        int at = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int found = model.indexOf(parts[i], at);
            if (found < 0) return false;
            at = found + parts[i].length();
        }
        String last = parts[parts.length - 1];
        return model.length() - last.length() >= at && model.endsWith(last);
    }

    @Override
    public String toString() {
        return glob;
    }
}
