package dev.llmgateway.gateway.metrics;

import dev.llmgateway.core.text.Printable;
import java.util.HashSet;
import java.util.Set;

/**
 * Keeps label values bounded, so no client input can grow the number of series without limit.
 * Resolution accepts any {@code provider/...} name and any {@code gpt-...} name, and upstream error
 * codes come from provider bodies, so each such label admits at most {@code max} distinct values per
 * process; later ones share {@link #OTHER}. Values are also cut to a sane length, control characters
 * escaped.
 */
public final class LabelValues {
    /** The model label of a request whose model did not resolve (or that had no model at all). */
    public static final String UNKNOWN_MODEL = "unknown";
    /** The provider label of a request that reached no provider. */
    public static final String NO_PROVIDER = "none";
    /** The tenant label before tenants exist (or of a request without one). */
    public static final String NO_TENANT = "none";
    /** Shared by every value past a label's limit. */
    public static final String OTHER = "other";

    private static final int MAX_LENGTH = 128;

    private final int max;
    private final Set<String> seen = new HashSet<>();

    public LabelValues(int max) {
        if (max < 1) throw new IllegalArgumentException("a label needs room for at least one value");
        this.max = max;
    }

    /** The label value to use for {@code raw}: itself while there is room, else {@link #OTHER}. */
    public synchronized String admit(String raw) {
        String printable = Printable.escape(raw); // a CR or LF would break the exposition line
        String value = printable.length() > MAX_LENGTH ? printable.substring(0, MAX_LENGTH) : printable;
        if (seen.contains(value)) return value;
        if (seen.size() >= max) return OTHER;
        seen.add(value);
        return value;
    }

    /**
     * An upstream error code as a label: letters, digits, {@code _ . -} only; a missing code becomes
     * {@code http_<status>} so it still says what happened.
     */
    public String errorCode(String code, int status) {
        if (code == null || code.isBlank()) return admit("http_" + status);
        String clean = code.replaceAll("[^A-Za-z0-9_.-]", "_");
        return admit(clean.length() > 64 ? clean.substring(0, 64) : clean);
    }
}
