package dev.llmgateway.core.guardrail;

/**
 * Phone numbers: international E.164 ({@code +} and 8 to 15 digits, the country code not starting
 * with 0, groups joined by spaces, dashes, dots or a parenthesised area code), North American
 * ({@code (415) 555-2671}, {@code 415-555-2671}, {@code 415.555.2671}, optionally {@code 1-}: area
 * code and exchange start with 2-9) and trunk-prefixed national forms as written in the UK and much
 * of Europe ({@code 020 7946 0958}, {@code 07700 900123}: a leading 0, 10 or 11 digits in two or
 * three space-separated groups). A number with no separators and no {@code +} is not taken: it is
 * indistinguishable from an order number.
 */
final class Phone extends Parsed {
    Phone() {
        super("phone", "PHONE");
    }

    @Override
    boolean trigger(char c) {
        return c == '+' || c == '(' || digit(c);
    }

    @Override
    int maxLength() {
        return 32;
    }

    @Override
    boolean inLongRun() {
        return false;
    }

    @Override
    boolean second(char c) {
        return digit(c) || c == '(' || c == ' ' || c == '-' || c == '.';
    }

    @Override
    int match(String s, int i, DigitRun digits) {
        if (!numberStart(s, i)) return FAIL;
        if (i > 0 && (s.charAt(i - 1) == '+' || s.charAt(i - 1) == '(')) return FAIL; // the run starts there
        if (digit(s.charAt(i))) {
            // The groups of the pass's digit run are the first this reads: more than 15 digits there are too many,
            // and a number without + begins with an area code of 3, a 1, or a trunk 0 and 2 to 4 more.
            if (digits.digitCount(s, i) > 15) return FAIL;
            int first = digits.firstGroup(s, i);
            char d = s.charAt(i);
            if (first >= 0 && first != 3 && !(first == 1 && d == '1') && !(first >= 3 && first <= 5 && d == '0')) return FAIL;
        }
        int n = s.length();
        Groups g = new Groups(s, i);
        int j = g.plus ? i + 1 : i;
        int sepAt = -1; // where the separator before the current group was: the number ends there if no group follows
        while (true) {
            if (j == n) return g.canStillBe(0, false) ? MORE : FAIL;
            boolean paren = s.charAt(j) == '(';
            if (paren) {
                if (++j == n) return g.canStillBe(0, true) ? MORE : FAIL;
            }
            int start = j;
            while (j < n && digit(s.charAt(j))) j++;
            int len = j - start;
            if (j == n) return g.canStillBe(len, paren) ? MORE : FAIL;
            if (len == 0 || (paren && s.charAt(j) != ')')) {
                if (sepAt < 0) return FAIL;
                j = sepAt;
                g.dropLastSeparator();
                break;
            }
            if (paren) j++;
            if (!g.add(start, len, paren)) return FAIL;
            if (j == n) return g.canStillBe(-1, false) ? MORE : FAIL;
            char c = s.charAt(j);
            if (c == ' ' || c == '-' || c == '.') {
                if (j + 1 == n) return g.canStillBe(-1, false) ? MORE : FAIL;
                char next = s.charAt(j + 1);
                if (digit(next) || (next == '(' && c == ' ')) {
                    g.separator(c);
                    sepAt = j;
                    j++;
                    continue;
                }
            } else if (paren && digit(c)) {
                sepAt = -1;
                g.last = 0;
                continue; // (415)555-2671
            }
            break;
        }
        int end = numberEnd(s, j);
        if (end == MORE) return g.valid() ? MORE : FAIL;
        return end < 0 || g.valid() ? end : FAIL;
    }

    /** The groups of a number read so far, and the separators between them. */
    private static final class Groups {
        private static final int[] NANP = {3, 3, 4};

        final String s;
        final int from;
        final boolean plus;
        final int[] lengths = new int[8];
        final int[] starts = new int[8];
        final boolean[] parens = new boolean[8];
        int count;
        int digits;
        int dots;
        int others; // spaces and dashes
        int dashes;
        char last; // the separator before the current group, 0 when none: dropped if the group fails

        Groups(String s, int from) {
            this.s = s;
            this.from = from;
            this.plus = s.charAt(from) == '+';
        }

        boolean add(int start, int len, boolean paren) {
            if (count == lengths.length) return false;
            starts[count] = start;
            lengths[count] = len;
            parens[count++] = paren;
            digits += len;
            return digits <= 15;
        }

        void separator(char c) {
            count(c, 1);
            last = c;
        }

        void dropLastSeparator() {
            count(last, -1);
            last = 0;
        }

        private void count(char c, int by) {
            if (c == '.') dots += by;
            else others += by;
            if (c == '-') dashes += by;
        }

        /** Valid as it stands without its last separator (an open parenthesised group may yet fail and end the number there). */
        private boolean validWithoutLast() {
            if (last == 0) return false;
            char c = last;
            dropLastSeparator();
            boolean valid = valid();
            separator(c);
            return valid;
        }

        /** The k-th digit of the number (k below the digits read). */
        char digit(int k) {
            for (int g = 0; ; g++) {
                if (k < lengths[g]) return s.charAt(starts[g] + k);
                k -= lengths[g];
            }
        }

        boolean valid() {
            if (dots > 0 && others > 0) return false; // dots mixed with others: not a phone
            if (plus) return digits >= 8 && digit(0) != '0' && !parens[0];
            return nanp() || trunk();
        }

        private boolean nanp() {
            int k = count == 4 && lengths[0] == 1 && s.charAt(from) == '1' ? 1 : 0;
            if (count - k != 3 || lengths[k] != 3 || lengths[k + 1] != 3 || lengths[k + 2] != 4 || parens[k + 1] || parens[k + 2]) return false;
            return digit(k) >= '2' && digit(k + 3) >= '2'; // area code and exchange start with 2-9
        }

        private boolean trunk() {
            if (count < 2 || count > 3 || parens[0] || dots + dashes > 0) return false;
            if (digits < 10 || digits > 11 || lengths[0] < 3 || lengths[0] > 5) return false;
            return digit(0) == '0' && digit(1) != '0';
        }

        /**
         * Whether text still to come can make this a phone number, the text having ended with an
         * open group of {@code open} digits (-1: none, right after a group or a separator that may
         * yet be dropped). Generous where unsure: holding a little long never loses a value.
         */
        boolean canStillBe(int open, boolean openParen) {
            if (valid() || (openParen && validWithoutLast())) return true;
            int total = digits + Math.max(open, 0);
            if (total > 15) return false;
            if (plus) return (count == 0 ? open <= 0 || s.charAt(from + 1) != '0' : digit(0) != '0') && !(count == 0 ? openParen : parens[0]);
            return couldBeNanp(open, openParen, 0) || couldBeNanp(open, openParen, 1) || couldBeTrunk(open, openParen, total);
        }

        private boolean couldBeTrunk(int open, boolean openParen, int total) {
            if (count > 3 || total > 11 || dots + dashes > 0 || (count == 0 ? openParen : parens[0])) return false;
            if (count == 0 ? open > 5 : lengths[0] < 3 || lengths[0] > 5) return false;
            if (total >= 1 && firstDigits(open, 0) != '0') return false;
            return total < 2 || firstDigits(open, 1) != '0';
        }

        /** North American, after {@code k} leading groups (the optional {@code 1}). */
        private boolean couldBeNanp(int open, boolean openParen, int k) {
            if (dots > 0 && others > 0) return false;
            if (k == 1) {
                if (s.charAt(from) != '1') return false;
                if (count == 0) return open <= 1;
                if (lengths[0] != 1) return false;
            }
            int seen = count - k + (open > 0 || openParen ? 1 : 0);
            if (seen > 3) return false;
            for (int g = k; g < count; g++) {
                if (lengths[g] != NANP[g - k] || (g > k && parens[g])) return false;
            }
            if (open >= 0 && count - k < 3) {
                if (open > NANP[count - k] || (openParen && count > k)) return false;
            }
            int total = digits + Math.max(open, 0);
            if (total > k && firstDigits(open, k) < '2') return false;
            return total <= k + 3 || firstDigits(open, k + 3) >= '2';
        }

        /** The k-th digit counting the open group's digits too (they follow the last group's start). */
        private char firstDigits(int open, int k) {
            if (k < digits) return digit(k);
            // the open group's digits are the last characters of the text
            return s.charAt(s.length() - open + (k - digits));
        }
    }
}
