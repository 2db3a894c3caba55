package dev.llmgateway.core.guardrail;

/**
 * A maximal run of digit groups joined by one separator character used consistently ({@code 4111
 * 1111 1111 1111}, {@code 078-05-1120}, {@code 123456789012}), read from a number's start. A run is
 * judged whole, so a prefix of a longer number is never taken for a shorter value. One run is read
 * once per position and shared by every numeric detector of a pass (card, SSN, Aadhaar): {@link #at}
 * reads only when asked about a new position.
 */
final class DigitRun {
    /** The longest numeric value read this way (a 19-digit card). */
    static final int MAX_DIGITS = 19;

    /** Where a run that the text's end cut short stands: what may still come. */
    enum Open {
        /** The run ended before the text did: it is decided. */
        NO,
        /** The text ends inside a group: more digits may follow. */
        GROUP,
        /** The text ends on a separator: a new group may follow, or the run ends before it. */
        SEPARATOR,
        /** The run is complete, but what follows ({@code .5}, {@code -7}) may still make it part of a longer number. */
        NEXT
    }

    final char[] digits = new char[MAX_DIGITS];
    /** Digits read, at most {@link #MAX_DIGITS}; {@link #overflow} when the run has more. */
    int count;
    boolean overflow;
    /** Group lengths; when the text ended inside the run, the last is the group read so far. */
    final int[] groups = new int[MAX_DIGITS];
    int groupCount;
    char separator;
    Open open;

    private String text;
    private int start = -1;
    private int verdict;
    /** Where each group begins in the text. */
    private final int[] groupStarts = new int[MAX_DIGITS + 1];
    /** After an overflow: where reading stopped and the digits of the group it was in. */
    private int stoppedAt;
    private int partial;

    /**
     * The run at {@code i} for a value of at most {@code maxDigits} digits: {@link Parsed#FAIL} past
     * that or when {@code i} is inside a longer number, {@link Parsed#MORE} when the text ends inside
     * it (see {@link #open}), else its end.
     */
    int at(String s, int i, int maxDigits) {
        if (s != text || i != start) {
            int g = s == text ? laterGroup(i) : -1;
            text = s;
            start = i;
            verdict = g > 0 ? from(g) : read(s, i);
        }
        return overflow || count > maxDigits ? Parsed.FAIL : verdict;
    }

    /**
     * How many digits the run at {@code i} has, {@link #MAX_DIGITS} + 1 when more: a phone number
     * reads the same groups first, so a run this long is no phone number either.
     */
    int digitCount(String s, int i) {
        at(s, i, MAX_DIGITS);
        return overflow ? MAX_DIGITS + 1 : count;
    }

    /**
     * Whether the run at {@code i} has a space or dash after its first group, and a digit after that:
     * then no IP address (whose first group a dot or colon ends) nor any 40-character key begins at {@code i}.
     */
    boolean grouped(String s, int i) {
        at(s, i, MAX_DIGITS);
        return groupCount >= (overflow ? 1 : 2);
    }

    /** Whether the run at {@code i} has more than {@link #MAX_DIGITS} digits with a space or dash after its first group. */
    boolean longAndGrouped(String s, int i) {
        at(s, i, MAX_DIGITS);
        return overflow && groupCount >= 1;
    }

    /** The length of the run's first group at {@code i}, or -1 while the text's end may still lengthen it. */
    int firstGroup(String s, int i) {
        at(s, i, MAX_DIGITS);
        if (groupCount == 0) return overflow ? MAX_DIGITS + 1 : 0;
        return groupCount == 1 && open == Open.GROUP ? -1 : groups[0];
    }

    /**
     * The group of the run last read that begins at {@code i}, when the run from there is that run's
     * rest: space-separated (a number begins after a space, not after a dash) and with the separator
     * still fixed by a later one. -1 otherwise.
     */
    private int laterGroup(int i) {
        if (separator != ' ' || i <= start) return -1;
        int last = overflow ? groupCount - 1 : groupCount - 2;
        for (int g = 1; g <= last; g++) {
            if (groupStarts[g] == i) return g;
        }
        return -1;
    }

    /** The run from its group {@code g}: the groups before dropped, and reading resumed if it had stopped at too many digits. */
    private int from(int g) {
        int dropped = 0;
        for (int k = 0; k < g; k++) dropped += groups[k];
        count -= dropped;
        System.arraycopy(digits, dropped, digits, 0, count);
        groupCount -= g;
        System.arraycopy(groups, g, groups, 0, groupCount);
        System.arraycopy(groupStarts, g, groupStarts, 0, groupCount + (overflow ? 1 : 0));
        if (!overflow) return verdict;
        overflow = false;
        return resume(text, stoppedAt, partial);
    }

    private int read(String s, int i) {
        count = 0;
        groupCount = 0;
        separator = 0;
        overflow = false;
        open = Open.NO;
        if (!Parsed.numberStart(s, i)) return Parsed.FAIL;
        groupStarts[0] = i;
        return resume(s, i, 0);
    }

    /** Reads on from {@code j}, {@code group} digits into the current group. */
    private int resume(String s, int j, int group) {
        int n = s.length();
        while (true) {
            if (j == n) return more(group, Open.GROUP);
            char c = s.charAt(j);
            if (Parsed.digit(c)) {
                if (count == MAX_DIGITS) {
                    overflow = true;
                    stoppedAt = j;
                    partial = group;
                    return Parsed.FAIL;
                }
                digits[count++] = c;
                group++;
                j++;
                continue;
            }
            if (group > 0 && (c == ' ' || c == '-') && (separator == 0 || separator == c)) {
                if (j + 1 == n) return more(group, Open.SEPARATOR);
                if (Parsed.digit(s.charAt(j + 1))) {
                    groups[groupCount++] = group;
                    groupStarts[groupCount] = j + 1;
                    group = 0;
                    separator = c;
                    j++;
                    continue;
                }
            }
            break;
        }
        groups[groupCount++] = group;
        int end = Parsed.numberEnd(s, j);
        if (end == Parsed.MORE) open = Open.NEXT;
        return end;
    }

    private int more(int group, Open how) {
        groups[groupCount++] = group;
        open = how;
        return Parsed.MORE;
    }

    boolean shape(int... lengths) {
        if (groupCount != lengths.length) return false;
        for (int k = 0; k < lengths.length; k++) {
            if (groups[k] != lengths[k]) return false;
        }
        return true;
    }

    /**
     * Whether a run cut short by the text's end can still grow into the group lengths {@code target}
     * (one group alone for a bare run of the whole length counts too when {@code bare}): the groups
     * so far are the target's first ones, the last no longer than its target.
     */
    boolean canGrowInto(boolean bare, int... target) {
        if (open == Open.NO || open == Open.NEXT) return false;
        int total = 0;
        for (int t : target) total += t;
        if (count >= total) return false;
        if (bare && groupCount == 1 && open == Open.GROUP) return true;
        if (groupCount > target.length) return false;
        for (int k = 0; k < groupCount - 1; k++) {
            if (groups[k] != target[k]) return false;
        }
        int last = groups[groupCount - 1];
        int want = target[groupCount - 1];
        return open == Open.GROUP ? last <= want : last == want && groupCount < target.length;
    }

    /** The first {@code k} digits as a number. */
    int prefix(int k) {
        int v = 0;
        for (int t = 0; t < k; t++) v = v * 10 + (digits[t] - '0');
        return v;
    }

    /** The digits read, as text (for the checksums, which read a {@link CharSequence}). */
    CharSequence digitText() {
        return java.nio.CharBuffer.wrap(digits, 0, count);
    }
}
