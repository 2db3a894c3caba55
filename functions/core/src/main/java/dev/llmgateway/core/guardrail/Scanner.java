package dev.llmgateway.core.guardrail;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a set of detectors over a text. The built-in parsers share one pass: a table of which of
 * them can start at each ASCII character decides which to try where, a second one which can start
 * right after a letter or digit (only the e-mail address's {@code @} and the PEM block's dashes),
 * so the inside of words and numbers costs one look-up a character, and a third which can have the
 * next character as their second; a digit run is read once and
 * judged by every numeric detector. Overlapping findings are resolved to the earliest, then the
 * longest (an e-mail address wins over the digits in its local part).
 */
public final class Scanner {
    private static final Comparator<Finding> ORDER = Comparator.comparingInt(Finding::start)
            .thenComparing(Comparator.comparingInt(Finding::length).reversed());
    // Credentials first (a token in a URL's user part is a token, not an e-mail), then the earliest, then the longest.
    private static final Comparator<Finding> PRECEDENCE = Comparator.comparing((Finding f) -> !BuiltIn.SECRETS.contains(f.detector().name()))
            .thenComparing(ORDER);

    private final List<Detector> detectors;
    private final Parsed[] parsed;
    private final List<Detector> others = new ArrayList<>();
    /** By {@code c}, and by {@code 128 + c} after an ASCII letter or digit: which parsers can start at {@code c}. */
    private final long[] starts = new long[256];
    private final long[] follows = new long[128];
    private long notInLongRuns;
    /** 128 for an ASCII letter or digit, else 0: the half of {@link #starts} for the next character. */
    private static final int[] WORD = new int[128];

    static {
        for (char c = 0; c < 128; c++) WORD[c] = Parsed.asciiAlnum(c) ? 128 : 0;
    }

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
                if (!parsed[k].trigger(c)) continue;
                starts[c] |= 1L << k;
                if (parsed[k].afterWord()) starts[128 + c] |= 1L << k;
            }
            for (char c = 0; c < 128; c++) {
                if (parsed[k].second(c)) follows[c] |= 1L << k;
            }
            if (!parsed[k].inLongRun()) notInLongRuns |= 1L << k;
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
        DigitRun digits = new DigitRun();
        int half = 0; // 128 when the character before is an ASCII letter or digit
        for (int i = 0; i < n; i++) {
            char c = ended.charAt(i);
            if (c >= 128) {
                half = 0;
                continue;
            }
            long mask = starts[half | c];
            half = WORD[c];
            if (mask == 0) continue;
            char next = ended.charAt(i + 1); // the end mark makes it exist
            if (next < 128) mask &= follows[next];
            if ((mask & notInLongRuns) != 0 && Parsed.digit(c) && digits.longAndGrouped(ended, i)) mask &= ~notInLongRuns;
            while (mask != 0) {
                int k = Long.numberOfTrailingZeros(mask);
                mask &= mask - 1;
                if (i < resume[k]) continue;
                int end = parsed[k].tryAt(ended, i, digits, found);
                if (end > i) resume[k] = end;
            }
        }
        for (Detector d : others) d.scan(text, found);
        return withoutOverlaps(found);
    }

    /**
     * The findings in text order, each group of overlapping ones resolved by precedence (a group
     * decides alone: nothing outside it overlaps its members, so most findings need no comparison).
     */
    private static List<Finding> withoutOverlaps(List<Finding> found) {
        if (found.size() < 2) return found;
        found.sort(ORDER);
        List<Finding> kept = new ArrayList<>(found.size());
        for (int k = 0; k < found.size(); ) {
            int end = found.get(k).end();
            int m = k + 1;
            while (m < found.size() && found.get(m).start() < end) end = Math.max(end, found.get(m++).end());
            if (m == k + 1) kept.add(found.get(k));
            else kept.addAll(resolve(new ArrayList<>(found.subList(k, m))));
            k = m;
        }
        return kept;
    }

    private static java.util.Collection<Finding> resolve(List<Finding> overlapping) {
        overlapping.sort(PRECEDENCE);
        TreeMap<Integer, Finding> kept = new TreeMap<>();
        for (Finding f : overlapping) {
            Map.Entry<Integer, Finding> before = kept.floorEntry(f.start());
            Map.Entry<Integer, Finding> after = kept.ceilingEntry(f.start());
            if (before != null && before.getValue().end() > f.start()) continue;
            if (after != null && after.getKey() < f.end()) continue;
            kept.put(f.start(), f);
        }
        return kept.values();
    }

    /** The earliest point from which arriving text could still complete or extend a value of any detector. */
    public int holdFrom(String text) {
        int hold = text.length();
        for (Detector d : detectors) hold = Math.min(hold, d.holdFrom(text));
        return hold;
    }
}
