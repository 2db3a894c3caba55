package dev.llmgateway.core.guardrail;

/**
 * A maximal run of digit groups joined by one separator character used consistently
 * ({@code 4111 1111 1111 1111}, {@code 078-05-1120}, {@code 123456789012}), read from a number's
 * start. A run is judged whole, so a prefix of a longer number is never taken for a shorter value.
 */
final class DigitRun {
    final StringBuilder digits = new StringBuilder(24);
    final int[] groups = new int[24];
    int groupCount;
    char separator;
    int end;

    /**
     * Reads the run at {@code i}: {@link Parsed#FAIL} past {@code maxDigits} digits or when {@code i}
     * is inside a longer number, {@link Parsed#MORE} when the text ends inside it, else its end.
     */
    static int read(String s, int i, String separators, int maxDigits, DigitRun run) {
        if (!Parsed.numberStart(s, i)) return Parsed.FAIL;
        int n = s.length();
        run.digits.setLength(0);
        run.groupCount = 0;
        run.separator = 0;
        int j = i;
        int group = 0;
        while (true) {
            if (j == n) return Parsed.MORE;
            char c = s.charAt(j);
            if (Parsed.digit(c)) {
                if (run.digits.length() == maxDigits) return Parsed.FAIL;
                run.digits.append(c);
                group++;
                j++;
                continue;
            }
            if (group > 0 && separators.indexOf(c) >= 0 && (run.separator == 0 || run.separator == c)) {
                if (j + 1 == n) return Parsed.MORE;
                if (Parsed.digit(s.charAt(j + 1))) {
                    if (run.groupCount == run.groups.length - 1) return Parsed.FAIL;
                    run.groups[run.groupCount++] = group;
                    group = 0;
                    run.separator = c;
                    j++;
                    continue;
                }
            }
            break;
        }
        run.groups[run.groupCount++] = group;
        run.end = j;
        return Parsed.numberEnd(s, j);
    }

    boolean shape(int... lengths) {
        if (groupCount != lengths.length) return false;
        for (int k = 0; k < lengths.length; k++) {
            if (groups[k] != lengths[k]) return false;
        }
        return true;
    }
}
