package dev.llmgateway.core.guardrail;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Runs a set of detectors over a text. The built-in parsers share one pass: a table of which of
 * them can start at each ASCII character decides which to try where, so the text is read once
 * whatever the number of detectors. Overlapping findings are resolved to the earliest, then the
 * longest (an e-mail address wins over the digits in its local part).
 */
public final class Scanner {
    private static final Comparator<Finding> ORDER = Comparator.comparingInt(Finding::start)
            .thenComparing(Comparator.comparingInt(Finding::length).reversed());

    private final List<Detector> detectors;
    private final Parsed[] parsed;
    private final List<Detector> others = new ArrayList<>();
    private final long[] triggers = new long[128];

    public Scanner(List<Detector> detectors) {
        this.detectors = List.copyOf(detectors);
        List<Parsed> p = new ArrayList<>();
        for (Detector d : detectors) {
            if (d instanceof Parsed parser && p.size() < 64) p.add(parser);
            else others.add(d);
        }
        this.parsed = p.toArray(new Parsed[0]);
        for (int k = 0; k < parsed.length; k++) {
            for (char c = 0; c < 128; c++) {
                if (parsed[k].trigger(c)) triggers[c] |= 1L << k;
            }
        }
    }

    public List<Detector> detectors() {
        return detectors;
    }

    /** Every value found, without overlaps, in text order. */
    public List<Finding> scan(String text) {
        List<Finding> found = new ArrayList<>();
        int[] resume = new int[parsed.length];
        int n = text.length();
        String ended = Parsed.ended(text);
        for (int i = 0; i < n; i++) {
            char c = ended.charAt(i);
            if (c >= 128) continue;
            long mask = triggers[c];
            while (mask != 0) {
                int k = Long.numberOfTrailingZeros(mask);
                mask &= mask - 1;
                if (i < resume[k]) continue;
                int end = parsed[k].tryAt(ended, i, found);
                if (end > i) resume[k] = end;
            }
        }
        for (Detector d : others) d.scan(text, found);
        if (found.size() < 2) return found;
        // Credentials first (a token in a URL's user part is a token, not an e-mail), then the earliest, then the longest.
        found.sort(Comparator.comparing((Finding f) -> !BuiltIn.SECRETS.contains(f.detector().name())).thenComparing(ORDER));
        java.util.TreeMap<Integer, Finding> kept = new java.util.TreeMap<>();
        for (Finding f : found) {
            Map.Entry<Integer, Finding> before = kept.floorEntry(f.start());
            Map.Entry<Integer, Finding> after = kept.ceilingEntry(f.start());
            if (before != null && before.getValue().end() > f.start()) continue;
            if (after != null && after.getKey() < f.end()) continue;
            kept.put(f.start(), f);
        }
        return new ArrayList<>(kept.values());
    }

    /** The earliest point from which arriving text could still complete or extend a value of any detector. */
    public int holdFrom(String text) {
        int hold = text.length();
        for (Detector d : detectors) hold = Math.min(hold, d.holdFrom(text));
        return hold;
    }
}
