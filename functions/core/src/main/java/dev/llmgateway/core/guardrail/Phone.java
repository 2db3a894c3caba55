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
    int match(String s, int i) {
        if (!numberStart(s, i)) return FAIL;
        if (i > 0 && (s.charAt(i - 1) == '+' || s.charAt(i - 1) == '(')) return FAIL; // the run starts there
        int n = s.length();
        boolean plus = s.charAt(i) == '+';
        int j = plus ? i + 1 : i;
        int[] groups = new int[8];
        boolean[] parens = new boolean[8];
        int count = 0;
        int digits = 0;
        char firstDigit = 0;
        String seps = "";
        int sepAt = -1; // where the separator before the current group was: the number ends there if no group follows
        while (true) {
            if (j == n) return MORE;
            boolean paren = s.charAt(j) == '(';
            if (paren) {
                if (++j == n) return MORE;
            }
            int start = j;
            while (j < n && digit(s.charAt(j))) {
                if (firstDigit == 0) firstDigit = s.charAt(j);
                j++;
            }
            int len = j - start;
            if (j == n) return MORE;
            if (len == 0 || (paren && s.charAt(j) != ')')) {
                if (sepAt < 0) return FAIL;
                j = sepAt;
                seps = seps.substring(0, seps.length() - 1);
                break;
            }
            if (paren) j++;
            if (count == groups.length) return FAIL;
            groups[count] = len;
            parens[count++] = paren;
            digits += len;
            if (digits > 15) return FAIL;
            if (j == n) return MORE;
            char c = s.charAt(j);
            if (c == ' ' || c == '-' || c == '.') {
                if (j + 1 == n) return MORE;
                char next = s.charAt(j + 1);
                if (digit(next) || (next == '(' && c == ' ')) {
                    seps += c;
                    sepAt = j;
                    j++;
                    continue;
                }
            } else if (paren && digit(c)) {
                sepAt = -1;
                continue; // (415)555-2671
            }
            break;
        }
        int end = numberEnd(s, j);
        if (end < 0) return end;
        if (seps.indexOf('.') >= 0 && seps.replace(".", "").length() > 0) return FAIL; // dots mixed with others: not a phone
        if (plus) return digits >= 8 && firstDigit != '0' && !parens[0] ? end : FAIL;
        if (nanp(s, i, groups, parens, count)) return end;
        return trunk(s, i, groups, parens, count, seps, digits) ? end : FAIL;
    }

    private static boolean nanp(String s, int i, int[] g, boolean[] p, int count) {
        int k = 0;
        if (count == 4 && g[0] == 1 && s.charAt(i) == '1') k = 1;
        if (count - k != 3 || g[k] != 3 || g[k + 1] != 3 || g[k + 2] != 4 || p[k + 1] || p[k + 2]) return false;
        String digits = digitsOf(s, i);
        return digits.charAt(k) >= '2' && digits.charAt(k + 3) >= '2'; // area code and exchange start with 2-9
    }

    private static boolean trunk(String s, int i, int[] g, boolean[] p, int count, String seps, int digits) {
        if (count < 2 || count > 3 || p[0] || !seps.replace(" ", "").isEmpty()) return false;
        if (digits < 10 || digits > 11 || g[0] < 3 || g[0] > 5) return false;
        String d = digitsOf(s, i);
        return d.charAt(0) == '0' && d.charAt(1) != '0';
    }

    private static String digitsOf(String s, int i) {
        StringBuilder d = new StringBuilder(16);
        for (int j = i; j < s.length() && d.length() < 16; j++) {
            char c = s.charAt(j);
            if (digit(c)) d.append(c);
            else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')' && c != '+') break;
        }
        return d.toString();
    }
}
