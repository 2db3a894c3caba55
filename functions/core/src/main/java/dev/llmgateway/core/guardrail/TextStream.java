package dev.llmgateway.core.guardrail;

import java.util.List;

/**
 * One run of answer text arriving in pieces (a choice's content, a content block). Each piece is
 * released at once except the shortest tail from which a detector could still complete or extend
 * a value, or a placeholder to restore could still be arriving; {@link #finish} releases the rest.
 * A little released text is kept as context, since some values are judged by what precedes them.
 */
public final class TextStream {
    private static final int CONTEXT = 64;

    private final Guard guard;
    private final String location;
    private final StringBuilder pending = new StringBuilder();
    private String context = "";

    TextStream(Guard guard, String location) {
        this.guard = guard;
        this.location = location;
    }

    /** Takes the next piece and returns what can be released now (possibly empty). */
    public String push(String piece) {
        if (piece == null || piece.isEmpty()) return "";
        pending.append(piece);
        return release(false);
    }

    /** The text still held back, released at the end of its run. */
    public String finish() {
        return pending.isEmpty() ? "" : release(true);
    }

    /** Characters held back now. */
    public int held() {
        return pending.length();
    }

    private String release(boolean all) {
        String text = context + pending;
        int ctx = context.length();
        int n = text.length();
        boolean scans = guard.rules().scansOutbound();
        List<Finding> found = scans ? guard.rules().outboundScanner().scan(text) : List.of();
        int hold = n;
        if (!all) {
            if (scans) hold = guard.rules().outboundScanner().holdFrom(text);
            if (guard.restores()) hold = Math.min(hold, Placeholders.openAt(text, ctx, n));
            for (int k = found.size() - 1; k >= 0; k--) {
                Finding f = found.get(k);
                if (f.start() < hold && f.end() > hold) hold = f.start();
            }
            if (guard.restores()) hold = Placeholders.openAt(text, ctx, hold);
        }
        if (hold <= ctx) return "";
        String out = guard.outboundRange(text, found, ctx, hold, location);
        pending.delete(0, hold - ctx);
        context = text.substring(Math.max(0, hold - CONTEXT), hold);
        return out;
    }
}
